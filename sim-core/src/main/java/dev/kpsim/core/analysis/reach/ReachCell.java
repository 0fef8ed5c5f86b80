package dev.kpsim.core.analysis.reach;

import java.util.List;
import java.util.Optional;

/**
 * What happens to a new connection from one client to one frontend: every way it can end ({@link ReachShare}s, exact
 * probabilities summing to 1) and a summary.
 *
 * @param client    the client's id
 * @param frontend  the frontend's id
 * @param node      the node whose rules decided first (the client's node; for external clients the arrival node)
 * @param blackHole set when some share is silently dropped
 * @param basis     how the exact shares were obtained: the first connection's probabilities, or a sequence of
 *                  connections for deterministic choosers ({@link Spread})
 */
public record ReachCell(String client, String frontend, String node, Summary summary, List<ReachShare> shares,
                        Optional<BlackHole> blackHole, dev.kpsim.core.analysis.distribution.ExactBasis basis) {

    /** The cell at a glance. */
    public enum Summary {
        /** Every share reaches an endpoint. */
        REACHES,
        /** Some shares reach an endpoint, others are dropped or rejected. */
        PARTIAL,
        /** Every share is silently dropped. */
        BLACK_HOLE,
        /** Every share is rejected (for example, a service without endpoints). */
        REJECTED,
        /** No rule translates it: it leaves untranslated. */
        NO_RULE,
        /** Delivered to the node itself, untranslated. */
        NODE,
        /** A mix of the above without drops (e.g. part passes untranslated). */
        MIXED
    }

    public ReachCell {
        shares = List.copyOf(shares);
    }

    /** The number of distinct endpoints reached. */
    public long endpointCount() {
        return shares.stream().filter(s -> s.fate() == ReachShare.Fate.ENDPOINT).map(ReachShare::destination).distinct().count();
    }
}
