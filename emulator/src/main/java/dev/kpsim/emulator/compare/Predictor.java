package dev.kpsim.emulator.compare;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The simulator's prediction for each of a cell's real connections: the exact outcomes ({@code outcomes}, every
 * branch with its probability) of that connection's first packet.
 *
 * <p>When connections do not influence each other (the usual case: each has its own source port, so its own
 * conntrack entry), every connection gets the outcomes of a fresh state. When they do — ClientIP affinity remembers
 * the first connection's endpoint ({@code recent} lists, nftables affinity sets) — connection i is predicted from
 * a state in which connections 1..i-1 ended where the kernel says they did: each is committed with a seeded
 * {@code trace}, and if that trace ends elsewhere than the kernel's connection, the history is rebuilt from fresh
 * states with other seeds until every earlier connection with more than one possible end matches (bounded attempts;
 * failing that, the fresh-state outcomes are used and a note says so). Deterministic for a seed.
 */
final class Predictor {

    /** Attempts at rebuilding a history before giving up. */
    static final int MAX_REBUILDS = 400;

    private final Simulator sim;
    private final EntryPoint entry;
    private final Function<Outcome, String> label;
    private final long seed;

    Predictor(Simulator sim, EntryPoint entry, Function<Outcome, String> label, long seed) {
        this.sim = sim;
        this.entry = entry;
        this.label = label;
        this.seed = seed;
    }

    /** The outcomes of {@code p} on a fresh state. */
    List<Outcome> fresh(Packet p) {
        return sim.outcomes(p, entry, new SimulationState(seed));
    }

    /**
     * True if a first connection changes how a second one (another source port) can end: their label distributions
     * differ between a fresh state and the state the first left behind.
     */
    boolean historyDependent(Packet first, Packet second) {
        SimulationState s = new SimulationState(seed);
        sim.trace(first, entry, s);
        return !distribution(sim.outcomes(second, entry, s)).equals(distribution(fresh(second)));
    }

    /** Label → probability, rounded so that float noise does not make equal distributions differ. */
    Map<String, Double> distribution(List<Outcome> outcomes) {
        Map<String, Double> m = new TreeMap<>();
        for (Outcome o : outcomes) {
            m.merge(label.apply(o), o.probability(), Double::sum);
        }
        m.replaceAll((k, v) -> Math.round(v * 1e9) / 1e9);
        m.values().removeIf(v -> v == 0.0);
        return m;
    }

    /** The same fresh-state outcomes for each of {@code n} connections. */
    List<List<Outcome>> independent(Packet template, int n) {
        return Collections.nCopies(n, fresh(template));
    }

    /**
     * Per connection (in order), its outcomes given that the earlier connections ended with {@code observed} labels.
     *
     * @param notes receives a sentence if the history could not be reproduced
     */
    List<List<Outcome>> conditioned(List<Packet> packets, List<String> observed, List<String> notes) {
        List<List<Outcome>> out = new ArrayList<>(packets.size());
        List<Boolean> branching = new ArrayList<>();
        SimulationState state = new SimulationState(seed);
        long attemptSeed = seed;
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            List<Outcome> predicted = sim.outcomes(p, entry, state);
            out.add(predicted);
            boolean choice = distribution(predicted).size() > 1;
            branching.add(choice);
            String got = label.apply(sim.trace(p, entry, state));
            if (got.equals(observed.get(i)) || !choice) {
                continue;
            }
            SimulationState rebuilt = null;
            for (int a = 0; a < MAX_REBUILDS && rebuilt == null; a++) {
                attemptSeed = attemptSeed * 6364136223846793005L + 1442695040888963407L;
                rebuilt = replay(packets.subList(0, i + 1), observed, branching, attemptSeed);
            }
            if (rebuilt == null) {
                notes.add("the simulator could not reproduce the kernel's first " + (i + 1) + " connections in "
                        + MAX_REBUILDS + " attempts; later connections are predicted from a fresh state");
                for (int j = i + 1; j < packets.size(); j++) {
                    out.add(fresh(packets.get(j)));
                }
                return out;
            }
            state = rebuilt;
        }
        return out;
    }

    /** A state after {@code packets} ended as observed wherever they had a choice, or null if this seed does not. */
    private SimulationState replay(List<Packet> packets, List<String> observed, List<Boolean> branching, long s) {
        SimulationState st = new SimulationState(s);
        for (int j = 0; j < packets.size(); j++) {
            String got = label.apply(sim.trace(packets.get(j), entry, st));
            if (branching.get(j) && !got.equals(observed.get(j))) {
                return null;
            }
        }
        return st;
    }
}
