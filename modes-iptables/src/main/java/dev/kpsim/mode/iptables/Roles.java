package dev.kpsim.mode.iptables;

/**
 * The provenance role keys this mode attaches to lines ({@link dev.kpsim.core.netfilter.restore.RuleRoles} explains
 * the shared ones). Three keys are specific to this mode: {@link #MASQUERADE_ALL}, {@link #FIREWALL_FALLTHROUGH}
 * and {@link #CHAIN}.
 */
final class Roles {
    private Roles() {
    }

    static final String JUMP = "jump";
    static final String CLUSTER_IP = "cluster-ip";
    static final String EXTERNAL_IP = "external-ip";
    static final String LOAD_BALANCER_IP = "load-balancer-ip";
    static final String NODE_PORT = "node-port";
    static final String NODEPORTS_TAIL = "nodeports-tail";
    static final String HEALTH_CHECK = "health-check";
    static final String MASQUERADE_OFF_CLUSTER = "masquerade-off-cluster";
    /** masqueradeAll: every packet to the ClusterIP is marked for masquerade. */
    static final String MASQUERADE_ALL = "masquerade-all";
    static final String MASQUERADE_EXTERNAL = "masquerade-external";
    static final String EXTERNAL_LOCAL_SHORT_CIRCUIT = "external-local-short-circuit";
    static final String EXTERNAL_LOCAL_MASQUERADE = "external-local-masquerade";
    static final String EXTERNAL_LOCAL_ROUTE = "external-local-route";
    static final String EXTERNAL_POLICY = "external-policy";
    static final String FIREWALL_ALLOW = "firewall-allow";
    static final String FIREWALL_DROP = "firewall-drop";
    /** The comment-only last rule of a KUBE-FW chain: what falls through is dropped in KUBE-PROXY-FIREWALL. */
    static final String FIREWALL_FALLTHROUGH = "firewall-fallthrough";
    static final String AFFINITY_CHECK = "affinity-check";
    static final String LOAD_BALANCE = "load-balance";
    static final String HAIRPIN_MASQUERADE = "hairpin-masquerade";
    static final String ENDPOINT_DNAT = "endpoint-dnat";
    static final String NO_ENDPOINTS_REJECT = "no-endpoints-reject";
    static final String NO_LOCAL_ENDPOINTS_DROP = "no-local-endpoints-drop";
    static final String MARK_MASQ = "mark-masq";
    static final String POSTROUTING_RETURN = "postrouting-return";
    static final String POSTROUTING_UNMARK = "postrouting-unmark";
    static final String POSTROUTING_MASQUERADE = "postrouting-masquerade";
    static final String FORWARD_INVALID_DROP = "forward-invalid-drop";
    static final String FORWARD_ACCEPT_MARKED = "forward-accept-marked";
    static final String FORWARD_ACCEPT_ESTABLISHED = "forward-accept-established";
    static final String LOCALNET_BLOCK = "localnet-block";
    /** A chain declaration line ({@code :KUBE-SVC-… - [0:0]}). */
    static final String CHAIN = "chain";
}
