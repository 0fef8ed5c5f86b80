package dev.kpsim.core.analysis.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;

/**
 * Lint on a ruleset's {@link ChainGraph}: dangling jumps, chains nothing jumps to, jump loops, and rules that can never
 * match — shadowed by an earlier rule of the same chain that ends evaluation for every packet the later rule could
 * match (an unconditional ACCEPT/DROP/RETURN/DNAT/goto, or one whose conditions the later rule's imply), or whose own
 * conditions exclude each other. Sound: a rule is reported only when {@link ConditionLogic} proves it. kube-proxy's
 * canary chains are meant to be empty and unused and are not reported. Cost O(chains + edges + Σ rules² per chain).
 */
public final class GraphLint {
    private GraphLint() {
    }

    private static final Set<String> CANARIES = Set.of("KUBE-PROXY-CANARY", "KUBE-KUBELET-CANARY");

    /**
     * Chains kube-proxy always creates but jumps to only while some service needs them: nftables' reject helper (for
     * the no-endpoints maps) and IPVS mode's ipset-driven chains (the jumps are written only for non-empty sets).
     */
    private static final Set<String> ON_DEMAND = Set.of("reject-chain", "KUBE-LOAD-BALANCER", "KUBE-SOURCE-RANGES-FIREWALL",
            "KUBE-NODE-PORT", "KUBE-MARK-DROP");

    /** Every finding, ordered by table, chain and rule as the source lists them. */
    public static List<LintFinding> lint(RuleGraphSource source, ChainGraph graph) {
        List<LintFinding> out = new ArrayList<>();
        for (GraphChain c : source.chains()) {
            for (GraphRule r : c.rules()) {
                for (GraphJump j : r.jumps()) {
                    if (source.chain(j.table(), j.chain()).isEmpty()) {
                        out.add(new LintFinding(LintFinding.Kind.DANGLING_JUMP, LintFinding.Severity.ERROR, c.table(),
                                c.name(), r.number(), (j.isGoto() ? "goto " : "jump to ") + j.chain()
                                + ", which does not exist in table " + j.table(), r.text(), r.location()));
                    }
                }
            }
            rules(c, out);
        }
        for (GraphChain c : source.chains()) {
            if (c.isBase() || CANARIES.contains(c.name())) {
                continue;
            }
            ChainGraph.Vertex v = graph.vertex(c.id()).orElseThrow();
            if (graph.graph().inDegreeOf(v) == 0) {
                if (ON_DEMAND.contains(c.name())) {
                    out.add(new LintFinding(LintFinding.Kind.UNUSED_CHAIN, LintFinding.Severity.INFO, c.table(), c.name(), 0,
                            "nothing leads here now; kube-proxy always creates this chain and uses it once a service needs it",
                            null, c.location()));
                    continue;
                }
                boolean empty = c.rules().isEmpty();
                out.add(new LintFinding(LintFinding.Kind.UNUSED_CHAIN, empty ? LintFinding.Severity.INFO
                        : LintFinding.Severity.WARNING, c.table(), c.name(), 0, "no rule jumps to this chain"
                        + (empty ? " (it is empty)" : ": its " + c.rules().size() + " rule" + (c.rules().size() == 1 ? "" : "s")
                        + " never run"), null, c.location()));
            }
        }
        loops(graph, out);
        List<String> order = source.chains().stream().map(GraphChain::id).toList();
        out.sort(Comparator.comparingInt((LintFinding f) -> {
            int i = order.indexOf(f.table() + ":" + f.chain());
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparingInt(LintFinding::rule).thenComparing(LintFinding::kind));
        return out;
    }

    private static void rules(GraphChain c, List<LintFinding> out) {
        List<GraphRule> rules = c.rules();
        for (int j = 0; j < rules.size(); j++) {
            GraphRule later = rules.get(j);
            Optional<List<Condition>> clash = ConditionLogic.contradiction(later.conditions());
            if (clash.isPresent()) {
                out.add(new LintFinding(LintFinding.Kind.CONTRADICTORY_RULE, LintFinding.Severity.WARNING, c.table(),
                        c.name(), later.number(), "never matches: " + clash.get().get(0).text() + " and "
                        + clash.get().get(1).text() + " exclude each other", later.text(), later.location()));
                continue;
            }
            for (int i = 0; i < j; i++) {
                GraphRule earlier = rules.get(i);
                if (earlier.action() == GraphRule.Action.FINAL && ConditionLogic.covers(earlier.conditions(), later.conditions())) {
                    String why = earlier.conditions().isEmpty() ? "rule " + earlier.number() + " decides every packet"
                            : "rule " + earlier.number() + " (" + earlier.matchText() + ") decides every packet this rule could match";
                    out.add(new LintFinding(LintFinding.Kind.SHADOWED_RULE, LintFinding.Severity.WARNING, c.table(),
                            c.name(), later.number(), "never matches: " + why, later.text(), later.location()));
                    break;
                }
            }
        }
    }

    private static void loops(ChainGraph graph, List<LintFinding> out) {
        var inspector = new KosarajuStrongConnectivityInspector<>(graph.graph());
        for (Set<ChainGraph.Vertex> scc : inspector.stronglyConnectedSets()) {
            ChainGraph.Vertex first = graph.vertices().stream().filter(scc::contains).findFirst().orElseThrow();
            boolean selfLoop = scc.size() == 1 && graph.graph().containsEdge(first, first);
            if (scc.size() < 2 && !selfLoop) {
                continue;
            }
            List<String> names = graph.vertices().stream().filter(scc::contains).map(ChainGraph.Vertex::chain).toList();
            out.add(new LintFinding(LintFinding.Kind.LOOP, LintFinding.Severity.ERROR, first.table(), first.chain(), 0,
                    "jump loop through " + String.join(" -> ", names) + " -> " + names.get(0)
                    + " (the kernel refuses such a ruleset with ELOOP)", null, null));
        }
    }
}
