package dev.kpsim.core.config;

/**
 * The {@code conntrack:} section of a KubeProxyConfiguration. {@code tcpBeLiberal} mirrors
 * {@code nf_conntrack_tcp_be_liberal}: when set, kube-proxy omits its INVALID-drop rule. Timeouts in seconds,
 * 0 = kernel default.
 */
public record ConntrackSettings(boolean tcpBeLiberal, int tcpEstablishedTimeoutSeconds, int tcpCloseWaitTimeoutSeconds,
                                int udpTimeoutSeconds, int udpStreamTimeoutSeconds) {
    public static ConntrackSettings defaults() {
        return new ConntrackSettings(false, 86400, 3600, 0, 0);
    }
}
