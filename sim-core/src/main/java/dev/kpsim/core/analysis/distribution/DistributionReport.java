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
 */
public record DistributionReport(Packet template, EntryPoint entry, int connections, long seed, List<CategoryStat> rows,
                                 GoodnessOfFit fit, boolean uncertain) {
    public DistributionReport {
        rows = List.copyOf(rows);
    }
}
