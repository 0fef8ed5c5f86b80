package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.analysis.explain.Explainer;
import dev.kpsim.core.analysis.explain.RuleExplanation;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Computes the reachability matrix with the simulators' exact {@code outcomes} (every branch with its probability,
 * no sampling): for each client and each frontend that applies, where new connections go ({@link Spread}: the first
 * connection's probabilities, or for deterministic choosers such as IPVS schedulers a sequence of connections), on the
 * client's node (pods and hosts) or the node an external client's packet arrives at. A packet a node passes on
 * untranslated to another node's address is followed once more on that node, as the network would deliver it (a pod
 * reaching another node's NodePort). Pure given its inputs; cost O(clients × frontends × paths).
 */
public final class ReachAnalysis {
    /** The source port of every client's connection: the first port of Linux's ephemeral range. */
    public static final int SOURCE_PORT = 32768;

    private final List<ReachClient> clients;
    private final List<ReachFrontend> frontends;
    private final NodeTargets targets;
    private final Map<IpAddress, String> nodeOfAddress;
    private final Function<IpAddress, Optional<Pod>> podOf;

    private ReachAnalysis(List<ReachClient> clients, List<ReachFrontend> frontends, NodeTargets targets,
                          Map<IpAddress, String> nodeOfAddress, Function<IpAddress, Optional<Pod>> podOf) {
        this.clients = clients;
        this.frontends = frontends;
        this.targets = targets;
        this.nodeOfAddress = nodeOfAddress;
        this.podOf = podOf;
    }

    /**
     * The matrix.
     *
     * @param mode          the mode's name, for display
     * @param nodeAddresses every node of the cluster with its addresses (to follow packets passed on to another node)
     * @param podOf         the pod owning an address, to name endpoints (empty when unknown, e.g. a dump alone)
     */
    public static ReachMatrix run(String mode, List<ReachClient> clients, List<ReachFrontend> frontends, NodeTargets targets,
                                  Map<String, List<IpAddress>> nodeAddresses, Function<IpAddress, Optional<Pod>> podOf) {
        Map<IpAddress, String> byAddress = new LinkedHashMap<>();
        nodeAddresses.forEach((n, ips) -> ips.forEach(ip -> byAddress.putIfAbsent(ip, n)));
        ReachAnalysis a = new ReachAnalysis(clients, frontends, targets, byAddress, podOf);
        List<ReachCell> cells = new ArrayList<>();
        Set<String> nodes = new LinkedHashSet<>();
        for (ReachClient c : clients) {
            for (ReachFrontend f : frontends) {
                a.cell(c, f).ifPresent(cell -> {
                    cells.add(cell);
                    nodes.add(cell.node());
                    cell.shares().stream().map(ReachShare::viaNode).filter(Objects::nonNull).forEach(nodes::add);
                });
            }
        }
        List<String> sortedNodes = nodes.stream().sorted().toList();
        return new ReachMatrix(mode, sortedNodes, clients, frontends, cells);
    }

    /** True if {@code client}'s connection to {@code frontend} is part of the matrix. */
    static boolean applies(ReachClient client, ReachFrontend frontend) {
        if (client.address(frontend.address().ip().family()).isEmpty()) {
            return false;
        }
        return client.kind() != ReachClient.Kind.EXTERNAL || frontend.node() == null || frontend.node().equals(client.node());
    }

    private Optional<ReachCell> cell(ReachClient client, ReachFrontend frontend) {
        if (!applies(client, frontend)) {
            return Optional.empty();
        }
        Optional<NodeTarget> target = targets.node(client.node());
        if (target.isEmpty()) {
            return Optional.empty();
        }
        IpAddress src = client.address(frontend.address().ip().family()).orElseThrow();
        Packet p = Packet.of(frontend.protocol(), new HostPort(src, SOURCE_PORT), frontend.address());
        EntryPoint entry = client.kind() == ReachClient.Kind.HOST ? EntryPoint.OUTPUT : EntryPoint.PREROUTING;
        List<ReachShare> raw = new ArrayList<>();
        Spread.Result spread = Spread.of(target.get().simulator(), p, entry);
        for (Outcome o : spread.outcomes()) {
            for (ReachShare s : shares(o, p, target.get(), true)) {
                raw.add(withReplyPath(s, client, src));
            }
        }
        List<ReachShare> shares = merge(raw);
        ReachCell.Summary summary = summarize(shares);
        Optional<BlackHole> hole = shares.stream().filter(s -> s.fate() == ReachShare.Fate.DROP).findFirst()
                .map(s -> blackHole(s, client, frontend));
        return Optional.of(new ReachCell(client.id(), frontend.id(), client.node(), summary, shares, hole, spread.basis()));
    }

    private List<ReachShare> shares(Outcome o, Packet sent, NodeTarget at, boolean mayFollow) {
        IpAddress seenSource = o.masquerade() && o.newSource() != null ? o.newSource() : sent.source();
        if (o.verdict() != Verdict.ACCEPT) {
            Decision d = decision(o.hops());
            ReachShare.Fate fate = o.verdict() == Verdict.DROP ? ReachShare.Fate.DROP : ReachShare.Fate.REJECT;
            return List.of(new ReachShare(o.probability(), fate, o.destination(), null, null, o.masquerade(), null, null,
                    d.where(), d.role(), o.uncertain(), false, null));
        }
        HostPort dest = o.destination();
        if (!dest.equals(sent.destinationHostPort())) {
            Optional<Pod> pod = podOf.apply(dest.ip());
            return List.of(new ReachShare(o.probability(), ReachShare.Fate.ENDPOINT, dest, pod.map(Pod::key).orElse(null),
                    pod.map(Pod::nodeName).orElse(null), o.masquerade(), seenSource, null, null, null, o.uncertain(), false,
                    null));
        }
        if (at.environment().isLocalAddress(dest.ip()) || at.nodeName().equals(nodeOfAddress.get(dest.ip()))) {
            return List.of(new ReachShare(o.probability(), ReachShare.Fate.NODE, dest, null, null, o.masquerade(),
                    seenSource, null, null, null, o.uncertain(), false, null));
        }
        String next = nodeOfAddress.get(dest.ip());
        Optional<NodeTarget> nextTarget = next == null || !mayFollow ? Optional.empty() : targets.node(next);
        if (nextTarget.isEmpty()) {
            return List.of(new ReachShare(o.probability(), ReachShare.Fate.PASS, dest, null, null, o.masquerade(),
                    seenSource, null, null, null, o.uncertain(), false, null));
        }
        Packet onward = Packet.of(sent.protocol(), new HostPort(seenSource, sent.sourcePort()), dest);
        List<ReachShare> out = new ArrayList<>();
        for (Outcome o2 : Spread.of(nextTarget.get().simulator(), onward, EntryPoint.PREROUTING).outcomes()) {
            for (ReachShare s : shares(o2, onward, nextTarget.get(), false)) {
                out.add(new ReachShare(o.probability() * s.probability(), s.fate(), s.destination(), s.pod(), s.podNode(),
                        o.masquerade() || s.masquerade(), s.source(), next, s.decidedBy(), s.role(),
                        o.uncertain() || s.uncertain(), false, null));
            }
        }
        return out;
    }

    /**
     * Marks hairpin and reply-path facts of an endpoint share. The endpoint answers the source it sees; unless that is
     * the translating node (masquerade), the answer travels from the endpoint's node straight to the client. It passes
     * back through the translating node's conntrack (to be un-DNATed) only when the endpoint is on that node or the
     * client sits behind it (a pod or process of that node).
     */
    private static ReachShare withReplyPath(ReachShare s, ReachClient client, IpAddress src) {
        if (s.fate() != ReachShare.Fate.ENDPOINT) {
            return s;
        }
        boolean hairpin = s.destination().ip().equals(src);
        String translating = s.viaNode() != null ? s.viaNode() : client.node();
        boolean clientBehind = client.kind() != ReachClient.Kind.EXTERNAL && client.node().equals(translating);
        String bypass = !s.masquerade() && !hairpin && s.podNode() != null && !s.podNode().equals(translating)
                && !clientBehind ? translating : null;
        return new ReachShare(s.probability(), s.fate(), s.destination(), s.pod(), s.podNode(), s.masquerade(), s.source(),
                s.viaNode(), s.decidedBy(), s.role(), s.uncertain(), hairpin, bypass);
    }

    /** The rule that dropped or rejected the packet, and the role that explains why. */
    private record Decision(String where, String role) {
    }

    private static Decision decision(List<Step> hops) {
        String where = null;
        String role = null;
        for (int i = hops.size() - 1; i >= 0 && where == null; i--) {
            Step s = hops.get(i);
            if (s instanceof Step.RuleStep r && isFinal(r.action())) {
                where = r.table() + ":" + r.chain() + " rule " + r.ruleNumber();
                role = Explainer.explain(r).map(RuleExplanation::role).orElse(null);
            } else if (s instanceof Step.PolicyStep p && p.policy().equalsIgnoreCase("DROP")) {
                where = p.table() + ":" + p.chain() + " policy";
            }
        }
        // A reason given earlier on the path (KUBE-XLB's "no local endpoints" jump to KUBE-MARK-DROP, a firewall chain
        // falling through to KUBE-PROXY-FIREWALL) says more than the generic dropping rule.
        for (Step s : hops) {
            if (s instanceof Step.RuleStep r) {
                String rr = Explainer.explain(r).map(RuleExplanation::role).orElse(null);
                if (rr != null && REASON_ROLES.contains(rr) && !REASON_ROLES.contains(role)) {
                    role = rr;
                }
            }
        }
        return new Decision(where, role);
    }

    private static final Set<String> REASON_ROLES = Set.of("no-local-endpoints-drop", "firewall-drop",
            "firewall-fallthrough", "no-endpoints-reject", "no-endpoints-check", "cluster-ip-unallocated-drop",
            "cluster-ip-invalid-port-reject");

    private static boolean isFinal(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        return a.startsWith("drop") || a.startsWith("reject");
    }

    private static List<ReachShare> merge(List<ReachShare> raw) {
        Map<ReachShare, Double> m = new LinkedHashMap<>();
        for (ReachShare s : raw) {
            m.merge(s.withProbability(0), s.probability(), Double::sum);
        }
        List<ReachShare> out = new ArrayList<>();
        m.forEach((s, p) -> out.add(s.withProbability(p)));
        out.sort(SHARE_ORDER);
        return out;
    }

    /** Endpoints first (by address), then the node, untranslated, rejected, dropped. */
    static final Comparator<ReachShare> SHARE_ORDER = Comparator.comparing(ReachShare::fate)
            .thenComparing(ReachShare::destination, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ReachShare::masquerade)
            .thenComparing(s -> s.viaNode() == null ? "" : s.viaNode())
            .thenComparing(s -> s.decidedBy() == null ? "" : s.decidedBy());

    static ReachCell.Summary summarize(List<ReachShare> shares) {
        Set<ReachShare.Fate> fates = new LinkedHashSet<>();
        shares.forEach(s -> fates.add(s.fate()));
        if (fates.equals(Set.of(ReachShare.Fate.ENDPOINT))) {
            return ReachCell.Summary.REACHES;
        }
        if (fates.contains(ReachShare.Fate.DROP)) {
            return fates.size() == 1 ? ReachCell.Summary.BLACK_HOLE : ReachCell.Summary.PARTIAL;
        }
        if (fates.contains(ReachShare.Fate.REJECT)) {
            return fates.size() == 1 ? ReachCell.Summary.REJECTED
                    : fates.contains(ReachShare.Fate.ENDPOINT) ? ReachCell.Summary.PARTIAL : ReachCell.Summary.MIXED;
        }
        if (fates.equals(Set.of(ReachShare.Fate.PASS))) {
            return ReachCell.Summary.NO_RULE;
        }
        if (fates.equals(Set.of(ReachShare.Fate.NODE))) {
            return ReachCell.Summary.NODE;
        }
        return ReachCell.Summary.MIXED;
    }

    private static BlackHole blackHole(ReachShare drop, ReachClient client, ReachFrontend f) {
        String role = drop.role() == null ? "" : drop.role();
        String node = drop.viaNode() != null ? drop.viaNode() : client.node();
        String rule = drop.decidedBy() == null ? "an unidentified rule" : drop.decidedBy();
        switch (role) {
            case "no-local-endpoints-drop", "no-endpoints-check":
                if (f.kind().external() || f.kind() == ReachFrontend.Kind.HEALTH_CHECK) {
                    return new BlackHole(BlackHole.Cause.EXTERNAL_POLICY_LOCAL, "externalTrafficPolicy is Local and "
                            + node + " has no ready endpoint of " + f.servicePort() + ": kube-proxy drops the traffic, since "
                            + "forwarding it to another node would need masquerade and lose the client's address that "
                            + "Local promises to keep", rule);
                }
                if (f.internalPolicyLocal()) {
                    return new BlackHole(BlackHole.Cause.INTERNAL_POLICY_LOCAL, "internalTrafficPolicy is Local and "
                            + node + " (the client's node) has no ready endpoint of " + f.servicePort(), rule);
                }
                return new BlackHole(BlackHole.Cause.OTHER, "no usable endpoint of " + f.servicePort() + " on " + node, rule);
            case "firewall-drop", "firewall-fallthrough", "firewall-check":
                return new BlackHole(BlackHole.Cause.SOURCE_RANGES, "the client's source address is outside "
                        + "loadBalancerSourceRanges " + (f.sourceRanges().isEmpty() ? "" : String.join(", ", f.sourceRanges())
                        + " ") + "of " + f.servicePort(), rule);
            case "cluster-ip-unallocated-drop":
                return new BlackHole(BlackHole.Cause.OTHER, f.address().ip() + " is in the service CIDR but no service holds it", rule);
            default:
                return new BlackHole(BlackHole.Cause.OTHER, "dropped by " + rule, rule);
        }
    }
}
