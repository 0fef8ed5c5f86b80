package dev.kpsim.core.analysis.explain;

import java.util.Optional;

/**
 * What each of kube-proxy's chains is for, recognised by name: the fixed chains ({@code KUBE-SERVICES},
 * {@code KUBE-POSTROUTING}, nftables' {@code services}, …) and the per-service families with their hash suffix
 * ({@code KUBE-SVC-}, {@code KUBE-SEP-}, {@code service-…}, {@code endpoint-…}). Names follow
 * {@code pkg/proxy/iptables/proxier.go}, {@code pkg/proxy/ipvs/proxier.go}, {@code pkg/proxy/nftables/proxier.go} and
 * the historical userspace proxier. Used to label graph vertices and to explain traces.
 */
public final class ChainRoles {
    private ChainRoles() {
    }

    /** A one-line description of {@code chain} (table {@code nat}/{@code filter}/…, or an nft table), if it is one of kube-proxy's. */
    public static Optional<String> describe(String table, String chain) {
        if (chain == null) {
            return Optional.empty();
        }
        String d = fixed(table == null ? "" : table, chain);
        if (d == null) {
            d = prefixed(chain);
        }
        return Optional.ofNullable(d);
    }

    private static String prefixed(String chain) {
        if (chain.startsWith("KUBE-SVC-")) {
            return "service port, cluster-wide: picks one of all its endpoints";
        }
        if (chain.startsWith("KUBE-SVL-")) {
            return "service port, local endpoints only (traffic policy Local)";
        }
        if (chain.startsWith("KUBE-EXT-")) {
            return "external traffic to a service port: masquerade, then the externalTrafficPolicy's chain";
        }
        if (chain.startsWith("KUBE-FW-")) {
            return "load-balancer traffic: loadBalancerSourceRanges check";
        }
        if (chain.startsWith("KUBE-XLB-")) {
            return "externalTrafficPolicy Local (before v1.24): local endpoints for external traffic";
        }
        if (chain.startsWith("KUBE-SEP-")) {
            return "one endpoint: hairpin masquerade, then DNAT";
        }
        if (chain.startsWith("service-")) {
            return "service port, cluster-wide: picks one of all its endpoints";
        }
        if (chain.startsWith("local-")) {
            return "service port, local endpoints only (traffic policy Local)";
        }
        if (chain.startsWith("external-")) {
            return "external traffic to a service port: masquerade, then the externalTrafficPolicy's chain";
        }
        if (chain.startsWith("endpoint-")) {
            return "one endpoint: hairpin masquerade, then DNAT";
        }
        if (chain.startsWith("firewall-") && !chain.equals("firewall-check")) {
            return "load-balancer traffic: loadBalancerSourceRanges check";
        }
        return null;
    }

    private static String fixed(String table, String chain) {
        boolean nat = table.equals("nat") || table.endsWith(" nat");
        return switch (chain) {
            case "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING" -> "built-in chain of the " + chain + " hook";
            case "KUBE-SERVICES" -> nat ? "dispatch: one rule per service frontend, then node ports"
                    : "rejects new connections to services without endpoints";
            case "KUBE-NODEPORTS" -> nat ? "node-port dispatch: one rule per node port" : "accepts health-check node ports";
            case "KUBE-EXTERNAL-SERVICES" -> "drops or rejects external traffic to services without (local) endpoints";
            case "KUBE-MARK-MASQ" -> "sets the masquerade mark";
            case "KUBE-MARK-DROP" -> "sets the drop mark (before v1.24)";
            case "KUBE-POSTROUTING" -> "masquerades marked packets";
            case "KUBE-FORWARD" -> "forwarding: INVALID drop, accepts marked and established traffic";
            case "KUBE-PROXY-FIREWALL" -> "drops load-balancer traffic from outside loadBalancerSourceRanges";
            case "KUBE-FIREWALL" -> "blocks localnet access (and marked packets, before v1.24)";
            case "KUBE-PROXY-CANARY", "KUBE-KUBELET-CANARY" -> "empty canary: its disappearance tells the owner its rules were flushed";
            case "KUBE-NODE-PORT" -> nat ? "node ports through ipsets (IPVS mode)" : "accepts health-check node ports (IPVS mode)";
            case "KUBE-LOAD-BALANCER" -> "load-balancer IPs through ipsets (IPVS mode)";
            case "KUBE-SOURCE-RANGES-FIREWALL" -> "loadBalancerSourceRanges check through ipsets (IPVS mode)";
            case "KUBE-IPVS-FILTER", "KUBE-IPVS-OUT-FILTER" -> "guards addresses on kube-ipvs0 (IPVS mode)";
            case "KUBE-PORTALS-CONTAINER" -> "service portals for traffic from pods (userspace mode)";
            case "KUBE-PORTALS-HOST" -> "service portals for traffic from this node (userspace mode)";
            case "KUBE-NODEPORT-CONTAINER" -> "node ports for traffic from pods (userspace mode)";
            case "KUBE-NODEPORT-HOST" -> "node ports for traffic from this node (userspace mode)";
            case "KUBE-NODEPORT-NON-LOCAL" -> "node ports for traffic from other hosts (userspace mode)";
            case "services" -> "dispatch: service map, then node-port map";
            case "masquerading" -> "masquerades marked packets";
            case "mark-for-masquerade" -> "sets the masquerade mark";
            case "reject-chain" -> "rejects (helper of the no-endpoints maps)";
            case "service-endpoints-check", "nodeport-endpoints-check" -> "drops or rejects traffic to services without (local) endpoints";
            case "firewall-check" -> "sends load-balancer traffic to its source-range check";
            case "cluster-ips-check" -> "rejects ClusterIP traffic to ports no service has";
            case "nat-prerouting", "nat-output", "nat-postrouting", "filter-prerouting", "filter-input", "filter-forward",
                 "filter-output", "filter-prerouting-pre-dnat", "filter-output-pre-dnat", "filter-output-post-dnat" ->
                    "base chain hooked at " + chain.substring(chain.indexOf('-') + 1).replace("-pre-dnat", " (before DNAT)")
                            .replace("-post-dnat", " (after DNAT)");
            default -> null;
        };
    }
}
