package dev.kpsim.core.analysis.distribution;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Sends N new connections through a {@link Simulator} and compares where they went with the exact probabilities of
 * the first one ({@code kpsim simulate}). Connection i comes from the template's source address and source port
 * {@code 32768 + i mod 28232} (Linux's default ephemeral range 32768–60999); when the ports wrap, the clock advances by
 * {@value #PORT_REUSE_GAP_MILLIS} ms so the previous connection with that port has expired from conntrack (an
 * unreplied TCP connection lives 120 s), as a real client reusing a port would. Only the first packet of each
 * connection is sent. Deterministic for a seed: the exact outcomes use a fresh state, the samples one seeded state.
 *
 * <p><b>Exact shares.</b> When the first connection's outcome is not certain (random choices, as in iptables mode),
 * every connection has that same exact distribution ({@link ExactBasis#FIRST_CONNECTION}). When it is certain — a
 * deterministic scheduler such as IPVS rr or the userspace proxier's round robin, whose next choice is a function of
 * the state — the run asks {@code outcomes} again before every connection and the exact share of an endpoint is the
 * mean of its probability over the N connections ({@link ExactBasis#SEQUENCE}): rr over 3 endpoints and 3000
 * connections gives exactly 1/3 each. (If every connection's outcome turns out to be the first one's, the report keeps
 * {@link ExactBasis#FIRST_CONNECTION}, with the same numbers.)
 *
 * <p><b>Time.</b> With a {@link ConnectionTiming}, connection i starts a sampled interval after connection i-1 (the
 * state's clock advances) and its sampled lifetime is planned with {@link ConnectionLifetime} before it is sent, so
 * engines that count open connections (IPVS lc, wlc, sed, nq) see them open and close.
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
        return simulate(sim, template, entry, connections, seed, ConnectionTiming.INSTANT, progress);
    }

    /**
     * @param timing   when connections start and how long they last
     * @param progress called about a hundred times during the run and once at the end (with done == total)
     */
    public static DistributionReport simulate(Simulator sim, Packet template, EntryPoint entry, int connections, long seed,
                                              ConnectionTiming timing, Progress progress) {
        if (connections < 0) {
            throw new IllegalArgumentException("the number of connections cannot be negative, was " + connections);
        }
        List<Outcome> exact = sim.outcomes(template, entry, new SimulationState(seed));
        boolean certain = exact.size() == 1 && exact.get(0).probability() == 1.0;
        Category first = certain ? Category.of(exact.get(0)) : null;
        Map<Category, Double> sequence = certain ? new TreeMap<>() : null;
        boolean tracking = certain;
        boolean varied = false;
        boolean uncertain = false;
        SimulationState state = new SimulationState(seed);
        SplittableRandom workload = timing.random(seed);
        Map<Category, Long> counts = new HashMap<>();
        int step = Math.max(1, connections / 100);
        for (int i = 0; i < connections; i++) {
            if (i > 0 && i % PORTS == 0) {
                state.advanceMillis(PORT_REUSE_GAP_MILLIS);
            }
            if (i > 0) {
                long gap = timing.interval().sample(workload);
                if (gap > 0) {
                    state.advanceMillis(gap);
                }
            }
            if (timing.plansLifetimes()) {
                ConnectionLifetime.plan(state, timing.duration().sample(workload));
            }
            Packet p = template.withSource(template.source(), FIRST_PORT + i % PORTS);
            if (!tracking && i == 1) {
                // State dependence (ClientIP affinity: the second connection sticks to the first's endpoint): from
                // here on, each connection's exact distribution is the one given the connections before it.
                List<Outcome> second = sim.outcomes(p, entry, state);
                if (!sameDistribution(second, exact)) {
                    tracking = true;
                    varied = true;
                    sequence = new TreeMap<>();
                    for (Outcome o : exact) {
                        sequence.merge(Category.of(o), o.probability(), Double::sum);
                    }
                }
            }
            if (tracking) {
                for (Outcome o : sim.outcomes(p, entry, state)) {
                    Category c = Category.of(o);
                    sequence.merge(c, o.probability(), Double::sum);
                    uncertain |= o.uncertain();
                    varied |= !c.equals(first) || o.probability() != 1.0;
                }
            }
            Outcome o = sim.trace(p, entry, state);
            counts.merge(Category.of(o), 1L, Long::sum);
            if ((i + 1) % step == 0 && i + 1 < connections) {
                progress.update(i + 1, connections);
            }
        }
        progress.update(connections, connections);
        if (!varied) {
            return DistributionStatistics.compare(template, entry, seed, exact, counts, connections);
        }
        Map<Category, Double> shares = new TreeMap<>();
        sequence.forEach((c, sum) -> shares.put(c, sum / connections));
        return DistributionStatistics.compare(template, entry, seed, shares, uncertain, ExactBasis.SEQUENCE, counts,
                connections);
    }

    /** True if both lists end in the same categories with the same probabilities (to 1e-12). */
    private static boolean sameDistribution(List<Outcome> a, List<Outcome> b) {
        Map<Category, Double> ma = new TreeMap<>();
        Map<Category, Double> mb = new TreeMap<>();
        a.forEach(o -> ma.merge(Category.of(o), o.probability(), Double::sum));
        b.forEach(o -> mb.merge(Category.of(o), o.probability(), Double::sum));
        if (!ma.keySet().equals(mb.keySet())) {
            return false;
        }
        for (Map.Entry<Category, Double> e : ma.entrySet()) {
            if (Math.abs(e.getValue() - mb.get(e.getKey())) > 1e-12) {
                return false;
            }
        }
        return true;
    }
}
