package dev.kpsim.emulator.compare;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
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
 * a client's endpoint ({@code recent} lists, nftables affinity sets), which changes where later connections go or at
 * least the rules they pass, and the memory outlives one cell — connection i is predicted from the session's
 * {@link History}, in which every earlier dependent connection ended where the kernel says it did. Deterministic for
 * a seed.
 */
final class Predictor {

    private final Simulator sim;
    private final EntryPoint entry;
    private final Function<Outcome, String> label;
    private final long seed;
    private final History history;

    Predictor(Simulator sim, EntryPoint entry, Function<Outcome, String> label, long seed, History history) {
        this.sim = sim;
        this.entry = entry;
        this.label = label;
        this.seed = seed;
        this.history = history;
    }

    /** The outcomes of {@code p} on a fresh state. */
    List<Outcome> fresh(Packet p) {
        return sim.outcomes(p, entry, new SimulationState(seed));
    }

    /**
     * True if this cell's connections depend on memory: the session's history already changes how the first can go,
     * or a first connection would change how a second one (another source port) can go — where it ends or which rules
     * it passes.
     */
    boolean historyDependent(Packet first, Packet second) {
        if (!paths(sim.outcomes(first, entry, history.state())).equals(paths(fresh(first)))) {
            return true;
        }
        SimulationState s = new SimulationState(seed);
        sim.trace(first, entry, s);
        return !paths(sim.outcomes(second, entry, s)).equals(paths(fresh(second)));
    }

    /**
     * True if a connection made now can go only one way (one end, one path of rules) given the session's memory, and
     * the next one would go the same way after it — then so would every later one, and they may be made at once. (A
     * first connection to a ClientIP-affinity service has one way only when there is one endpoint, but it writes the
     * affinity list, so the next one takes the {@code recent} rule instead: not settled yet.)
     */
    boolean settled(Packet p) {
        Map<String, Double> now = paths(sim.outcomes(p, entry, history.state()));
        if (now.size() != 1) {
            return false;
        }
        SimulationState ahead = history.copy();
        sim.trace(p, entry, ahead);
        Packet next = p.withSource(p.source(), p.sourcePort() == 65535 ? 1024 : p.sourcePort() + 1);
        return paths(sim.outcomes(next, entry, ahead)).equals(now);
    }

    /** Each outcome's label and the rules its path matched, with its probability (rounded). */
    private Map<String, Double> paths(List<Outcome> outcomes) {
        Map<String, Double> m = new TreeMap<>();
        for (Outcome o : outcomes) {
            StringBuilder key = new StringBuilder(label.apply(o));
            for (Step st : o.hops()) {
                if (st instanceof Step.RuleStep r) {
                    key.append('|').append(r.table()).append(' ').append(r.chain()).append(' ').append(r.ruleNumber());
                }
            }
            m.merge(key.toString(), o.probability(), Double::sum);
        }
        m.replaceAll((k, v) -> Math.round(v * 1e9) / 1e9);
        return m;
    }

    /** How many different places the outcomes end at. */
    private int ends(List<Outcome> outcomes) {
        return (int) outcomes.stream().filter(o -> o.probability() > 1e-12).map(label).distinct().count();
    }

    /** The same fresh-state outcomes for each of {@code n} connections. */
    List<List<Outcome>> independent(Packet template, int n) {
        return Collections.nCopies(n, fresh(template));
    }

    /**
     * Per connection (in order), its outcomes given the session's history, each then committed to the history as
     * ending at its {@code observed} label.
     *
     * @param notes receives a sentence if the history could not be reproduced
     */
    List<List<Outcome>> conditioned(List<Packet> packets, List<String> observed, List<String> notes) {
        List<List<Outcome>> out = new ArrayList<>(packets.size());
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            List<Outcome> predicted = sim.outcomes(p, entry, history.state());
            out.add(predicted);
            if (!history.commit(new History.Commit(sim, entry, p, observed.get(i), ends(predicted) > 1, label))) {
                notes.add("the simulator could not reproduce the kernel's history up to connection " + (i + 1) + " in "
                        + History.MAX_REBUILDS + " attempts; later connections are predicted from a fresh state");
                for (int j = i + 1; j < packets.size(); j++) {
                    out.add(fresh(packets.get(j)));
                }
                return out;
            }
        }
        return out;
    }
}
