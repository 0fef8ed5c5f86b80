package dev.kpsim.mode.ipvs.conn;

/**
 * The three IPVS timeouts {@code ipvsadm --set} changes (kube-proxy's {@code ipvs.tcpTimeout}, {@code tcpFinTimeout},
 * {@code udpTimeout}; 0 keeps the kernel value), in seconds.
 */
public record ProtocolTimeouts(int tcpEstablished, int tcpFin, int udp) {

    /** The kernel defaults 900 / 120 / 300. */
    public static ProtocolTimeouts kernelDefaults() {
        return new ProtocolTimeouts(900, 120, 300);
    }

    /** kube-proxy's settings applied over the kernel defaults (0 = unchanged). */
    public static ProtocolTimeouts of(int tcp, int tcpFin, int udp) {
        ProtocolTimeouts d = kernelDefaults();
        return new ProtocolTimeouts(tcp > 0 ? tcp : d.tcpEstablished, tcpFin > 0 ? tcpFin : d.tcpFin,
                udp > 0 ? udp : d.udp);
    }

    /** The timeout of a state. */
    public int timeout(ConnState s) {
        return switch (s) {
            case TCP_ESTABLISHED -> tcpEstablished;
            case TCP_FIN_WAIT -> tcpFin;
            case UDP -> udp;
            default -> s.defaultTimeout();
        };
    }

    /** {@code Timeout (tcp tcpfin udp): %d %d %d} as {@code ipvsadm -L --timeout} prints it. */
    public String ipvsadm() {
        return "Timeout (tcp tcpfin udp): " + tcpEstablished + " " + tcpFin + " " + udp + "\n";
    }
}
