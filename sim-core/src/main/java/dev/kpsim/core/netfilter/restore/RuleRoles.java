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
            Map.entry("postrouting-masquerade", "masquerades traffic that was marked: its source becomes the address of the interface it leaves by, so replies come back through this node"),
            Map.entry("forward-invalid-drop", "drops forwarded packets that conntrack sees as INVALID"),
            Map.entry("forward-accept-marked", "accepts forwarded traffic that kube-proxy marked"),
            Map.entry("forward-accept-established", "accepts forwarded packets of known connections"),
            Map.entry("localnet-block", "blocks non-loopback access to 127.0.0.0/8 node ports (route_localnet)"),
            Map.entry("portal-redirect", "redirects service traffic to the userspace proxy's port on this node (historical userspace mode)"),
            Map.entry("loop-back-masquerade", "masquerades a pod's connection back to itself through IPVS (KUBE-LOOP-BACK, hairpin)"),
            Map.entry("ipset-match", "matches service addresses through an ipset (IPVS mode)"),
            Map.entry("chain", "declares one of kube-proxy's chains"),
            Map.entry("masquerade-all", "marks every packet to the ClusterIP for masquerade (masqueradeAll: true)"),
            Map.entry("firewall-fallthrough", "counts load-balancer traffic from outside loadBalancerSourceRanges; it falls through and KUBE-PROXY-FIREWALL drops it"),
            Map.entry("affinity-record", "records the client's address for this endpoint, so later connections from it come back here (ClientIP session affinity)"),
            Map.entry("load-balance-dnat", "chooses an endpoint at random and rewrites the destination to it in one step (numgen with a DNAT map)"),
            Map.entry("hairpin-set-masquerade", "masquerades connections from an endpoint back to itself, found through the hairpin-connections set (hairpin)"),
            Map.entry("cluster-ip-invalid-port-reject", "rejects traffic to a ClusterIP on a port the service does not have"),
            Map.entry("cluster-ip-unallocated-drop", "drops traffic to an address of the service CIDR that no service holds"),
            Map.entry("no-endpoints-check", "looks the destination up in the no-endpoints verdict maps, which drop or reject traffic to services without (local) endpoints"),
            Map.entry("firewall-check", "looks the destination up in the load-balancer source-range map, which sends it to the service's firewall chain"),
            Map.entry("service-dispatch", "looks the destination address, protocol and port up in the service map and goes to that service's chain"),
            Map.entry("nodeport-dispatch", "for a node-port address, looks the protocol and port up in the node-port map and goes to that service's chain"),
            Map.entry("ipvs-accept", "accepts traffic for a service address in the nat table, so IPVS (not iptables) translates it"),
            Map.entry("ipvs-filter", "lets traffic for service addresses through and rejects other new connections to addresses on kube-ipvs0"),
            Map.entry("localhost-return", "leaves traffic from 127.0.0.0/8 alone (IPVS mode)"),
            Map.entry("portal-host-dnat", "sends service traffic from processes on this node to the userspace proxy's port (historical userspace mode)"),
            Map.entry("node-port-redirect", "redirects node-port traffic from pods to the userspace proxy's port (historical userspace mode)"),
            Map.entry("node-port-host-dnat", "sends node-port traffic from processes on this node to the userspace proxy's port (historical userspace mode)"),
            Map.entry("node-port-non-local-accept", "accepts node-port traffic arriving from other hosts for the userspace proxy (historical userspace mode)"),
            Map.entry("mark-drop", "sets the drop mark; KUBE-FIREWALL drops marked packets (older versions' KUBE-MARK-DROP)"),
            Map.entry("marked-drop", "drops packets kube-proxy marked for dropping (older versions' KUBE-FIREWALL)"),
            Map.entry("accept-local", "accepts traffic kube-proxy has already decided about, such as a node port or health check on this node"));

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
