package dev.kpsim.core.analysis.distribution;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends N new connections through a {@link Simulator} and compares where they went with the exact probabilities of
 * the first one ({@code kpsim simulate}). Connection i comes from the template's source address and source port
 * {@code 32768 + i mod 28232} (Linux's default ephemeral range 32768–60999); when the ports wrap, the clock advances by
 * {@value #PORT_REUSE_GAP_MILLIS} ms so the previous connection with that port has expired from conntrack (an
 * unreplied TCP connection lives 120 s), as a real client reusing a port would. Only the first packet of each
 * connection is sent. Deterministic for a seed: the exact outcomes use a fresh state, the samples one seeded state.
 */
public final class DistributionRun {
    /** First port of Linux's default {@code ip_local_port_range}. */
    public static final int FIRST_PORT = 32768;
    /** Size of Linux's default {@code ip_local_port_range} (32768–60999). */
    public static final int PORTS = 28232;
    /** Clock advance when source ports wrap. */
    public static final long PORT_REUSE_GAP_MILLIS = 121_000;

    /** Told how many connections are done, out of how many. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(int done, int total);
    }

    private DistributionRun() {
    }

    public static DistributionReport simulate(Simulator sim, Packet template, EntryPoint entry, int connections, long seed) {
        return simulate(sim, template, entry, connections, seed, Progress.NONE);
    }

    /**
     * @param progress called about a hundred times during the run and once at the end (with done == total)
     */
    public static DistributionReport simulate(Simulator sim, Packet template, EntryPoint entry, int connections, long seed,
                                              Progress progress) {
        if (connections < 0) {
            throw new IllegalArgumentException("the number of connections cannot be negative, was " + connections);
        }
        List<Outcome> exact = sim.outcomes(template, entry, new SimulationState(seed));
        SimulationState state = new SimulationState(seed);
        Map<Category, Long> counts = new HashMap<>();
        int step = Math.max(1, connections / 100);
        for (int i = 0; i < connections; i++) {
            if (i > 0 && i % PORTS == 0) {
                state.advanceMillis(PORT_REUSE_GAP_MILLIS);
            }
            Packet p = template.withSource(template.source(), FIRST_PORT + i % PORTS);
            Outcome o = sim.trace(p, entry, state);
            counts.merge(Category.of(o), 1L, Long::sum);
            if ((i + 1) % step == 0 && i + 1 < connections) {
                progress.update(i + 1, connections);
            }
        }
        progress.update(connections, connections);
        return DistributionStatistics.compare(template, entry, seed, exact, counts, connections);
    }
}
