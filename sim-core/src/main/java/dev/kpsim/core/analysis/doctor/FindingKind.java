package dev.kpsim.core.analysis.doctor;

/**
 * The catalogue of named findings {@code kpsim doctor} reports, each with a stable id, a severity and the paragraph
 * that explains it. Ids never change meaning; new findings get new ids.
 */
public enum FindingKind {
    NO_ENDPOINTS("no-endpoints", Severity.ERROR, "Service port has no endpoints",
            "kube-proxy found no ready (nor serving-terminating) endpoint for this service port, so instead of "
            + "load-balancing it rejects new connections: an iptables REJECT rule (\"has no endpoints\") in filter "
            + "KUBE-SERVICES / KUBE-EXTERNAL-SERVICES, an nftables no-endpoint-services element going to reject-chain, "
            + "or an IPVS virtual server without real servers. Clients see \"connection refused\" at once. Check the "
            + "Service's selector against the pods' labels and whether the pods are Ready (Debug Services: \"Does the "
            + "Service have any Endpoints?\")."),
    NO_LOCAL_ENDPOINTS("no-local-endpoints", Severity.WARNING, "Local traffic policy without local endpoints",
            "With externalTrafficPolicy: Local (or internalTrafficPolicy: Local) kube-proxy sends traffic only to "
            + "endpoints on the node that received it, to keep the client's source address. This node has none, so "
            + "the traffic is dropped here: silently, without an ICMP error, so clients time out (issues #75262, "
            + "#66354, #121371). A cloud load balancer avoids such nodes through the health-check node port; direct "
            + "NodePort or externalIP traffic to this node is black-holed. Pod and node-local traffic to external "
            + "addresses is still short-circuited to all endpoints. IPVS mode instead falls back to every endpoint "
            + "when none is local (PR #97081), so there the policy is not kept."),
    UNREADY_ENDPOINTS("unready-endpoints", Severity.INFO, "Endpoints left out because they are not ready",
            "kube-proxy only load-balances over ready endpoints; endpoints that are not ready are left out, and "
            + "terminating endpoints are used only while no ready endpoint exists (serving-terminating fallback, "
            + "pkg/proxy/topology.go). A pod failing its readiness probe therefore receives no new service traffic."),
    HAIRPIN_OFF("hairpin-off", Severity.ERROR, "A pod cannot reach itself through its Service",
            "When a connection to the Service is balanced back to the pod that opened it, the reply must return "
            + "through the node's conntrack to be un-NATed, so kube-proxy masquerades it (iptables: the KUBE-SEP "
            + "rule '-s <pod IP> -j KUBE-MARK-MASQ'; nftables: 'ip saddr <pod IP> jump mark-for-masquerade'; IPVS: "
            + "the KUBE-LOOP-BACK set). Without that SNAT the pod answers itself directly and the connection hangs. "
            + "Even with it, the Linux bridge must send the frame back out of the port it came in on, which the "
            + "kubelet's --hairpin-mode decides (hairpin-veth or promiscuous-bridge; none drops it): that part is "
            + "in the kernel, not in these rules."),
    AFFINITY_PER_PORT("affinity-per-port", Severity.INFO, "ClientIP session affinity is kept per service port",
            "sessionAffinity: ClientIP is implemented per service port: each port has its own recent list (iptables "
            + "'-m recent --name KUBE-SEP-...') or affinity set (nftables), so one client may be sent to different "
            + "pods on two ports of the same Service (issue #103000). Applications that expect one client to stick "
            + "to one pod across ports (for example HTTP and a metrics or websocket port) see different pods."),
    PROBABILITY_REPEATS("probability-repeats", Severity.WARNING, "Load-balancing probabilities repeat (5 decimals)",
            "kube-proxy up to v1.16 wrote each cascade probability 1/k with '%0.5f'. Once a chain has 320 endpoints, "
            + "1/k and 1/(k+1) round to the same 5-decimal string (first 1/320 and 1/319, both 0.00313), so the "
            + "cascade no longer gives every endpoint the same share; the rules listed collide. v1.17 writes 10 "
            + "decimals (PR #83599)."),
    SOURCE_RANGE_DROP("source-range-drop", Severity.INFO, "Load-balancer source ranges drop other clients",
            "loadBalancerSourceRanges restricts who may use the load-balancer IP: kube-proxy sends the listed sources "
            + "through KUBE-FW-... (nftables: the firewall-ips map) and drops everything else in filter "
            + "KUBE-PROXY-FIREWALL, silently. NodePorts are not restricted by source ranges."),
    UNTRACEABLE_CHAIN("untraceable-chain", Severity.WARNING, "Chain not traceable to any Service",
            "kube-proxy names its per-service chains with a hash of the service port name, protocol and endpoint, "
            + "so every such chain can be traced back to the Service that produced it, even on a dump whose comments "
            + "were dropped (large-cluster mode, PR #65755). kpsim recomputed the names from the Services given, in "
            + "every form kube-proxy releases used, and none produced these chains: they belong to a Service not in "
            + "the input, or were written by something other than kube-proxy."),
    STALE_ENDPOINT_CHAIN("stale-endpoint-chain", Severity.WARNING, "Endpoint chain of an endpoint that is gone",
            "This endpoint chain traces back to a service port of the input, but its endpoint is no longer one the "
            + "service port uses (or no rule jumps to it any more). kube-proxy deletes stale chains on its next full "
            + "sync; a leftover means the node's rules are older than the objects (kube-proxy not syncing, or the dump "
            + "older than the manifests). Established connections may still use it through conntrack."),
    OLDER_VERSION_RULES("older-version-rules", Severity.WARNING, "Rules written by an older kube-proxy",
            "Some rules have a form only older kube-proxy releases wrote: chain names hashed from the v1.18-or-older "
            + "ServicePortName (a trailing ':' for unnamed ports), KUBE-XLB chains (v1.4-v1.23), jumps to "
            + "KUBE-MARK-DROP (before v1.25) or 5-decimal probabilities (before v1.17). Either the node runs an older "
            + "kube-proxy than expected, or an upgrade left rules behind that the new kube-proxy does not own."),
    STALE_REAL_SERVER("stale-real-server", Severity.WARNING, "IPVS real server that is no endpoint",
            "The IPVS virtual server has a real server that is not an endpoint of the service port (any more). "
            + "kube-proxy removes real servers of deleted endpoints after graceful termination; one left behind keeps "
            + "receiving scheduled connections."),
    WEIGHT_ZERO_REAL_SERVER("weight-zero-real-server", Severity.INFO, "IPVS real server at weight 0",
            "kube-proxy sets a terminating endpoint's real server to weight 0 and deletes it once its connections "
            + "are gone (graceful termination). Weight 0 receives no new connections, but persistent (ClientIP) "
            + "templates and established connections still use it (issues #71809, #99162, #89208).");

    /** How serious a finding is. */
    public enum Severity { ERROR, WARNING, INFO }

    private final String id;
    private final Severity severity;
    private final String title;
    private final String explanation;

    FindingKind(String id, Severity severity, String title, String explanation) {
        this.id = id;
        this.severity = severity;
        this.title = title;
        this.explanation = explanation;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public String explanation() {
        return explanation;
    }
}
