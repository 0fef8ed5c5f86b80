package dev.kpsim.mode.ipvs.ipset;

import dev.kpsim.core.net.IpFamily;

/**
 * The ipsets kube-proxy's IPVS proxier creates ({@code ipsetInfo} in {@code pkg/proxy/ipvs/proxier.go}; names and
 * comments in {@code pkg/proxy/ipvs/ipset.go}), in declaration order. The comment is what kube-proxy writes into
 * {@code -m comment --comment} on the iptables rules that match the set.
 *
 * <p>For IPv6 the name's {@code KUBE-} prefix becomes {@code KUBE-6-} and the result is cut to ipset's 31
 * characters ({@code NewIPSet}).
 */
public enum KubeIpSet {
    LOOP_BACK("KUBE-LOOP-BACK", IpSetType.HASH_IP_PORT_IP,
            "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
    CLUSTER_IP("KUBE-CLUSTER-IP", IpSetType.HASH_IP_PORT,
            "Kubernetes service cluster ip + port for masquerade purpose"),
    EXTERNAL_IP("KUBE-EXTERNAL-IP", IpSetType.HASH_IP_PORT,
            "Kubernetes service external ip + port for masquerade and filter purpose"),
    EXTERNAL_IP_LOCAL("KUBE-EXTERNAL-IP-LOCAL", IpSetType.HASH_IP_PORT,
            "Kubernetes service external ip + port with externalTrafficPolicy=local"),
    LOAD_BALANCER("KUBE-LOAD-BALANCER", IpSetType.HASH_IP_PORT, "Kubernetes service lb portal"),
    LOAD_BALANCER_FW("KUBE-LOAD-BALANCER-FW", IpSetType.HASH_IP_PORT,
            "Kubernetes service load balancer ip + port for load balancer with sourceRange"),
    LOAD_BALANCER_LOCAL("KUBE-LOAD-BALANCER-LOCAL", IpSetType.HASH_IP_PORT,
            "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"),
    LOAD_BALANCER_SOURCE_IP("KUBE-LOAD-BALANCER-SOURCE-IP", IpSetType.HASH_IP_PORT_IP,
            "Kubernetes service load balancer ip + port + source IP for packet filter purpose"),
    LOAD_BALANCER_SOURCE_CIDR("KUBE-LOAD-BALANCER-SOURCE-CIDR", IpSetType.HASH_IP_PORT_NET,
            "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"),
    NODE_PORT_TCP("KUBE-NODE-PORT-TCP", IpSetType.BITMAP_PORT, "Kubernetes nodeport TCP port for masquerade purpose"),
    NODE_PORT_LOCAL_TCP("KUBE-NODE-PORT-LOCAL-TCP", IpSetType.BITMAP_PORT,
            "Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
    NODE_PORT_UDP("KUBE-NODE-PORT-UDP", IpSetType.BITMAP_PORT, "Kubernetes nodeport UDP port for masquerade purpose"),
    NODE_PORT_LOCAL_UDP("KUBE-NODE-PORT-LOCAL-UDP", IpSetType.BITMAP_PORT,
            "Kubernetes nodeport UDP port with externalTrafficPolicy=local"),
    NODE_PORT_SCTP("KUBE-NODE-PORT-SCTP-HASH", IpSetType.HASH_IP_PORT,
            "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"),
    NODE_PORT_LOCAL_SCTP("KUBE-NODE-PORT-LOCAL-SCTP-HASH", IpSetType.HASH_IP_PORT,
            "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"),
    HEALTH_CHECK_NODE_PORT("KUBE-HEALTH-CHECK-NODE-PORT", IpSetType.BITMAP_PORT, "Kubernetes health check node port"),
    IPVS_IPS("KUBE-IPVS-IPS", IpSetType.HASH_IP, "Addresses on the ipvs interface");

    private final String baseName;
    private final IpSetType type;
    private final String comment;

    KubeIpSet(String baseName, IpSetType type, String comment) {
        this.baseName = baseName;
        this.type = type;
        this.comment = comment;
    }

    /** The IPv4 name. */
    public String baseName() {
        return baseName;
    }

    public IpSetType type() {
        return type;
    }

    public String comment() {
        return comment;
    }

    /** The set's name for {@code family}: IPv6 sets are {@code KUBE-6-…}, cut to 31 characters. */
    public String name(IpFamily family) {
        if (family == IpFamily.IPV4) {
            return baseName;
        }
        String n = baseName.replaceFirst("^KUBE-", "KUBE-6-");
        return n.length() > 31 ? n.substring(0, 31) : n;
    }
}
