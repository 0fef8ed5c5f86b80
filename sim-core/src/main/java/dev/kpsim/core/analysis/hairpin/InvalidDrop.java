package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.analysis.explain.Explainer;
import dev.kpsim.core.analysis.explain.RuleExplanation;
import dev.kpsim.core.analysis.graph.Condition;
import dev.kpsim.core.analysis.graph.GraphChain;
import dev.kpsim.core.analysis.graph.GraphJump;
import dev.kpsim.core.analysis.graph.GraphRule;
import dev.kpsim.core.analysis.graph.RuleGraphSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the rule on a node's forward path that drops packets conntrack classifies INVALID (kube-proxy's
 * {@code -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP}, absent with {@code conntrack.tcpBeLiberal}); the
 * rule that, observed in the kernel, ends a promiscuous bridge's self-connections (reference/hairpin.md §5).
 */
public final class InvalidDrop {
    private InvalidDrop() {
    }

    /** The first such rule reachable from a base chain of the forward hook, if any. */
    public static Optional<CitedRule> find(RuleGraphSource source) {
        Deque<GraphChain> work = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        source.chains().stream().filter(c -> c.hook() != null && c.hook().equalsIgnoreCase("forward")).forEach(c -> {
            work.add(c);
            seen.add(c.id());
        });
        while (!work.isEmpty()) {
            GraphChain c = work.poll();
            for (GraphRule r : c.rules()) {
                if ("DROP".equals(r.verdict()) && r.conditions().stream().anyMatch(InvalidDrop::invalid)) {
                    String why = Explainer.explain(c.table(), c.name(), r.text(),
                            r.provenance() == null ? null : r.provenance().role()).map(RuleExplanation::reason)
                            .orElse("drops forwarded packets that conntrack sees as INVALID");
                    return Optional.of(new CitedRule(c.table() + ":" + c.name() + " rule " + r.number(), r.text(), why));
                }
                for (GraphJump j : r.jumps()) {
                    source.chain(j.table(), j.chain()).filter(n -> seen.add(n.id())).ifPresent(work::add);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean invalid(Condition c) {
        return c.field() == Condition.Field.CT_STATE && !c.negated()
                && c.values().stream().anyMatch(v -> v.toUpperCase(Locale.ROOT).equals("INVALID"));
    }
}
