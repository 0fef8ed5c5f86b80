package dev.kpsim.mode.userspace.portal;

import dev.kpsim.core.netfilter.restore.RestorePayload;
import java.util.List;

/**
 * The chains of kube-proxy's userspace mode and the jump rules {@code iptablesInit} puts into built-in chains
 * ({@code pkg/proxy/userspace/proxier.go}, kube-proxy ≤ 1.25; historical, removed in 1.26). Portal rules come first
 * in PREROUTING/OUTPUT (prepended); the broad NodePort rules ({@code --dst-type LOCAL}) last (appended), so a
 * load-balancer address the node happens to see as local still hits its portal first.
 */
public final class PortalChains {
    private PortalChains() {
    }

    /** nat: traffic from pods/the network to a portal (PREROUTING). */
    public static final String CONTAINER_PORTAL = "KUBE-PORTALS-CONTAINER";
    /** nat: traffic from the node itself to a portal (OUTPUT). */
    public static final String HOST_PORTAL = "KUBE-PORTALS-HOST";
    /** nat: NodePort traffic arriving at the node (PREROUTING). */
    public static final String CONTAINER_NODE_PORT = "KUBE-NODEPORT-CONTAINER";
    /** nat: NodePort traffic from the node itself (OUTPUT). */
    public static final String HOST_NODE_PORT = "KUBE-NODEPORT-HOST";
    /** filter: accepts new connections to proxy ports despite a default-deny INPUT policy. */
    public static final String NON_LOCAL_NODE_PORT = "KUBE-NODEPORT-NON-LOCAL";

    /** nat chains in the order {@code iptablesInit} ensures them. */
    public static final List<String> NAT_CHAINS = List.of(CONTAINER_PORTAL, HOST_PORTAL, CONTAINER_NODE_PORT, HOST_NODE_PORT);
    /** filter chains. */
    public static final List<String> FILTER_CHAINS = List.of(NON_LOCAL_NODE_PORT);

    static final String PORTALS_COMMENT = "handle ClusterIPs; NOTE: this must be before the NodePort rules";
    static final String NODE_PORTS_COMMENT = "handle service NodePorts; NOTE: this must be the last rule in the chain";
    static final String NON_LOCAL_COMMENT = "Ensure that non-local NodePort traffic can flow";

    /**
     * One jump rule of {@code iptablesInit}.
     *
     * @param prepend true for {@code EnsureRule(Prepend)} ({@code -I}), false for {@code Append} ({@code -A})
     * @param args    the rule arguments, comments quoted as in a restore file
     */
    public record InitRule(String table, String chain, boolean prepend, String args) {
        /** As the payload's built-in jump. */
        public RestorePayload.BuiltinJump asBuiltinJump() {
            return new RestorePayload.BuiltinJump(table, chain, args);
        }

        /** The {@code iptables} command kube-proxy effectively ran, e.g. {@code -t nat -I PREROUTING …}. */
        public String command() {
            return "-t " + table + (prepend ? " -I " : " -A ") + chain + " " + args;
        }
    }

    /**
     * The five jump rules, grouped by built-in chain in kernel order (portal jump rule 1, NodePort jump last):
     * nat PREROUTING, nat OUTPUT, filter INPUT.
     */
    public static List<InitRule> initRules() {
        String portals = "-m comment --comment \"" + PORTALS_COMMENT + "\" -j ";
        String nodePorts = "-m addrtype --dst-type LOCAL -m comment --comment \"" + NODE_PORTS_COMMENT + "\" -j ";
        return List.of(
                new InitRule("nat", "PREROUTING", true, portals + CONTAINER_PORTAL),
                new InitRule("nat", "PREROUTING", false, nodePorts + CONTAINER_NODE_PORT),
                new InitRule("nat", "OUTPUT", true, portals + HOST_PORTAL),
                new InitRule("nat", "OUTPUT", false, nodePorts + HOST_NODE_PORT),
                new InitRule("filter", "INPUT", true, "-m comment --comment \"" + NON_LOCAL_COMMENT + "\" -j " + NON_LOCAL_NODE_PORT));
    }

    /** {@link #initRules()} as the payload's built-in jumps. */
    public static List<RestorePayload.BuiltinJump> builtinJumps() {
        return initRules().stream().map(InitRule::asBuiltinJump).toList();
    }
}
