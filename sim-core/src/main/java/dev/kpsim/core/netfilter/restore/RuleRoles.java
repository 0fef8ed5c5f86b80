package dev.kpsim.core.netfilter.restore;

import java.util.Map;

/**
 * The catalogue of rule roles that generators attach to rules through {@link Provenance}, with the reason
 * kube-proxy writes each kind of rule. Used to annotate traces, graphs and doctor findings.
 */
public final class RuleRoles {
    private RuleRoles() {
    }

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("jump", "a jump from a built-in chain into kube-proxy's chains"),
            Map.entry("cluster-ip", "sends traffic for the service's ClusterIP and port to its service chain"),
            Map.entry("external-ip", "sends traffic for an external IP of the service to its external chain"),
            Map.entry("load-balancer-ip", "sends traffic for the service's load-balancer IP to its external or firewall chain"),
            Map.entry("node-port", "sends traffic for the service's NodePort to its external chain"),
            Map.entry("nodeports-tail", "the last rule of KUBE-SERVICES: traffic for a local address goes on to KUBE-NODEPORTS"),
            Map.entry("health-check", "accepts traffic for the service's health-check node port"),
            Map.entry("masquerade-off-cluster", "marks traffic to the ClusterIP from outside the cluster for masquerade, so replies come back through this node"),
            Map.entry("masquerade-external", "marks externally arriving traffic for masquerade, so replies come back through this node"),
            Map.entry("external-local-short-circuit", "lets pods on this node reach an externalTrafficPolicy=Local service through every endpoint, not just local ones"),
            Map.entry("external-local-masquerade", "masquerades traffic from the node itself to an externalTrafficPolicy=Local service"),
            Map.entry("external-local-route", "routes traffic from the node itself to an externalTrafficPolicy=Local service through the cluster-wide chain"),
            Map.entry("external-policy", "sends external traffic to the chain its externalTrafficPolicy selects"),
            Map.entry("firewall-allow", "accepts a source range allowed by loadBalancerSourceRanges"),
            Map.entry("firewall-drop", "drops load-balancer traffic from sources outside loadBalancerSourceRanges"),
            Map.entry("affinity-check", "sends a client that connected recently back to the endpoint it used (ClientIP session affinity)"),
            Map.entry("load-balance", "chooses this endpoint with the rule's probability; the cascade 1/n, 1/(n-1), … 1/2, 1 makes every endpoint equally likely"),
            Map.entry("hairpin-masquerade", "marks traffic from the endpoint itself so that a pod reaching itself through its service is masqueraded (hairpin); without it the reply would not pass back through this node"),
            Map.entry("endpoint-dnat", "rewrites the destination to the endpoint's address and port (DNAT)"),
            Map.entry("no-endpoints-reject", "rejects traffic for a service that has no endpoints"),
            Map.entry("no-local-endpoints-drop", "drops traffic for a service whose traffic policy is Local and which has no endpoint on this node"),
            Map.entry("mark-masq", "sets the masquerade mark; KUBE-POSTROUTING masquerades marked packets"),
            Map.entry("postrouting-return", "lets packets without the masquerade mark leave unchanged"),
            Map.entry("postrouting-unmark", "clears the masquerade mark so a re-traversal does not masquerade twice"),
            Map.entry("postrouting-masquerade", "masquerades (source-NATs to the node's address) traffic that was marked"),
            Map.entry("forward-invalid-drop", "drops forwarded packets that conntrack sees as INVALID"),
            Map.entry("forward-accept-marked", "accepts forwarded traffic that kube-proxy marked"),
            Map.entry("forward-accept-established", "accepts forwarded packets of known connections"),
            Map.entry("localnet-block", "blocks non-loopback access to 127.0.0.0/8 node ports (route_localnet)"),
            Map.entry("portal-redirect", "redirects service traffic to the userspace proxy's port on this node (historical userspace mode)"),
            Map.entry("loop-back-masquerade", "masquerades a pod's connection back to itself through IPVS (KUBE-LOOP-BACK, hairpin)"),
            Map.entry("ipset-match", "matches service addresses through an ipset (IPVS mode)"));

    /** The description of a role key, or the key itself if unknown (or "" for null). */
    public static String describe(String role) {
        if (role == null) {
            return "";
        }
        return DESCRIPTIONS.getOrDefault(role, role);
    }

    /** True if the catalogue knows the role. */
    public static boolean known(String role) {
        return DESCRIPTIONS.containsKey(role);
    }
}
