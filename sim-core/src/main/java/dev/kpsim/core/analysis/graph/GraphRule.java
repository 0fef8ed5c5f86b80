package dev.kpsim.core.analysis.graph;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.netfilter.restore.Provenance;
import java.util.List;

/**
 * One rule of a chain, mode-neutral: its text, its conditions, where it can lead, and what it does when it matches.
 *
 * @param number     1-based position in its chain
 * @param text       the rule as the tool prints it
 * @param matchText  the rule's conditions as written, without comments and randomness (edge labels)
 * @param jumps      the chains it can continue in
 * @param action     what a match does to evaluation
 * @param verdict    a short text of a deciding action for display ({@code DNAT 10.244.1.7:9376}, {@code DROP},
 *                   {@code REJECT}, {@code MASQUERADE}); null for jumps, marks and plain accepts
 * @param provenance why kpsim generated it (null for rules read from dumps)
 */
public record GraphRule(int number, String text, String matchText, List<Condition> conditions, List<GraphJump> jumps,
                        Action action, String verdict, Provenance provenance, SourceLocation location) {

    /** What a matching rule does to evaluation of its chain. */
    public enum Action {
        /** Evaluation continues with the next rule (MARK, LOG, a rule without target, a jump that returns). */
        CONTINUE,
        /** Evaluation of this chain ends (ACCEPT, DROP, REJECT, RETURN, a NAT target, goto, an exhaustive map). */
        FINAL
    }

    public GraphRule {
        conditions = List.copyOf(conditions);
        jumps = List.copyOf(jumps);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** True when the rule may not match every packet that reaches it (it has conditions or a random choice). */
    public boolean conditional() {
        return !conditions.isEmpty();
    }
}
