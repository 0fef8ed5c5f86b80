package dev.kpsim.mode.ipvs.conn;

/**
 * IPVS connection states and their default timeouts in seconds: TCP from {@code tcp_timeouts}
 * ({@code net/netfilter/ipvs/ip_vs_proto_tcp.c}: ESTABLISHED 15 min, SYN_SENT 2 min, SYN_RECV 1 min, FIN_WAIT 2 min,
 * TIME_WAIT 2 min, CLOSE 10 s, CLOSE_WAIT 60 s, LAST_ACK 30 s), UDP's single state from {@code udp_timeouts}
 * ({@code ip_vs_proto_udp.c}: 5 min), SCTP's ESTABLISHED and CLOSED ({@code ip_vs_proto_sctp.c}: 15 min, 10 s),
 * and the persistence template, whose timeout is the service's.
 * {@code ipvsadm --set tcp tcpfin udp} (kube-proxy's {@code --ipvs-tcp-timeout} and friends) overrides ESTABLISHED,
 * FIN_WAIT and UDP; see {@link ProtocolTimeouts}.
 */
public enum ConnState {
    TCP_SYN_RECV("SYN_RECV", 60, false),
    TCP_ESTABLISHED("ESTABLISHED", 900, true),
    TCP_FIN_WAIT("FIN_WAIT", 120, false),
    TCP_TIME_WAIT("TIME_WAIT", 120, false),
    TCP_CLOSE("CLOSE", 10, false),
    TCP_CLOSE_WAIT("CLOSE_WAIT", 60, false),
    TCP_LAST_ACK("LAST_ACK", 30, false),
    UDP("UDP", 300, true),
    SCTP_ESTABLISHED("ESTABLISHED", 900, true),
    SCTP_CLOSED("CLOSED", 10, false),
    TEMPLATE("NONE", 0, false);

    private final String ipvsadmName;
    private final int defaultTimeout;
    private final boolean active;

    ConnState(String ipvsadmName, int defaultTimeout, boolean active) {
        this.ipvsadmName = ipvsadmName;
        this.defaultTimeout = defaultTimeout;
        this.active = active;
    }

    /** The state name {@code ipvsadm -Lnc} prints. */
    public String ipvsadmName() {
        return ipvsadmName;
    }

    public int defaultTimeout() {
        return defaultTimeout;
    }

    /**
     * Whether a connection in this state counts in {@code activeconns}: a new connection is bound active
     * ({@code ip_vs_bind_dest} without {@code IP_VS_CONN_F_INACTIVE}) and the TCP/SCTP state machines move it to
     * {@code inactconns} in every state but ESTABLISHED; UDP has no such transition, so a UDP connection stays
     * active for its whole life.
     */
    public boolean active() {
        return active;
    }
}
