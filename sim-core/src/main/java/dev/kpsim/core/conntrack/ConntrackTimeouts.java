package dev.kpsim.core.conntrack;

import dev.kpsim.core.config.ConntrackSettings;
import dev.kpsim.core.net.Protocol;

/**
 * Conntrack timeouts in seconds, per protocol and connection stage. Kernel defaults come from
 * {@code net/netfilter/nf_conntrack_proto_tcp.c} (SYN_SENT 120 s, SYN_RECV 60 s, ESTABLISHED 5 days),
 * {@code nf_conntrack_proto_udp.c} (30 s unreplied, 120 s once a stream), {@code nf_conntrack_proto_sctp.c}
 * (COOKIE_WAIT/ECHOED 3 s, ESTABLISHED 210 s) and {@code nf_conntrack_proto_icmp.c} (30 s). kube-proxy lowers
 * {@code nf_conntrack_tcp_timeout_established} to 86400 s by default ({@code conntrack.tcpEstablishedTimeout}).
 *
 * <p>kpsim does not model TCP flags or SCTP chunks: a connection's first packet counts as SYN/INIT, its first reply
 * as SYN-ACK/INIT-ACK, and any later packet after a reply as the established stage.
 */
public record ConntrackTimeouts(int tcpSynSent, int tcpSynRecv, int tcpEstablished, int udpUnreplied, int udpStream,
                                int sctpCookieWait, int sctpCookieEchoed, int sctpEstablished, int icmp) {

    /** UDP becomes a stream (the longer timeout applies) this long after the connection was created. */
    public static final long UDP_STREAM_AFTER_MILLIS = 2_000;

    /** The kernel's defaults, without kube-proxy's sysctl changes. */
    public static ConntrackTimeouts kernelDefaults() {
        return new ConntrackTimeouts(120, 60, 432_000, 30, 120, 3, 3, 210, 30);
    }

    /** Kernel defaults overridden by a KubeProxyConfiguration's {@code conntrack:} section (0 keeps the default). */
    public static ConntrackTimeouts from(ConntrackSettings s) {
        ConntrackTimeouts k = kernelDefaults();
        return new ConntrackTimeouts(k.tcpSynSent, k.tcpSynRecv,
                s.tcpEstablishedTimeoutSeconds() > 0 ? s.tcpEstablishedTimeoutSeconds() : k.tcpEstablished,
                s.udpTimeoutSeconds() > 0 ? s.udpTimeoutSeconds() : k.udpUnreplied,
                s.udpStreamTimeoutSeconds() > 0 ? s.udpStreamTimeoutSeconds() : k.udpStream,
                k.sctpCookieWait, k.sctpCookieEchoed, k.sctpEstablished, k.icmp);
    }

    /**
     * The timeout (seconds) a packet sets on its connection.
     *
     * @param reply      the packet travels in the reply direction
     * @param seenReply  a reply had been seen before this packet
     * @param ageMillis  time since the connection was created
     */
    public int timeoutFor(Protocol protocol, boolean reply, boolean seenReply, long ageMillis) {
        switch (protocol) {
            case TCP:
                return !seenReply ? (reply ? tcpSynRecv : tcpSynSent) : tcpEstablished;
            case UDP:
                return seenReply && ageMillis > UDP_STREAM_AFTER_MILLIS ? udpStream : udpUnreplied;
            case SCTP:
                return !seenReply ? (reply ? sctpCookieEchoed : sctpCookieWait) : sctpEstablished;
            default:
                return icmp;
        }
    }
}
