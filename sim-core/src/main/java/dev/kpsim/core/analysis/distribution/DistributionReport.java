package dev.kpsim.core.analysis.distribution;

import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import java.util.List;

/**
 * How a number of new connections spread over endpoints (and drops / rejects): exact probabilities next to observed
 * counts from seeded traces, with 95% intervals and a goodness-of-fit test. Same inputs and seed ⇒ the same report.
 *
 * @param template    the first connection's packet (later ones differ in source port)
 * @param uncertain   some exact outcome crossed a construct kpsim does not model
 * @param exactBasis  where the exact shares come from (the first connection's probabilities, or the sequence)
 */
public record DistributionReport(Packet template, EntryPoint entry, int connections, long seed, List<CategoryStat> rows,
                                 GoodnessOfFit fit, boolean uncertain, ExactBasis exactBasis) {
    public DistributionReport {
        rows = List.copyOf(rows);
        exactBasis = exactBasis == null ? ExactBasis.FIRST_CONNECTION : exactBasis;
    }

    /** A report whose exact shares are the first connection's probabilities. */
    public DistributionReport(Packet template, EntryPoint entry, int connections, long seed, List<CategoryStat> rows,
                              GoodnessOfFit fit, boolean uncertain) {
        this(template, entry, connections, seed, rows, fit, uncertain, ExactBasis.FIRST_CONNECTION);
    }
}
