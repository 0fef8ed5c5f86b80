package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.analysis.distribution.ExactBasis;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where new connections from one client to one frontend go, exactly. For random choices (iptables'
 * {@code statistic}, nftables' {@code numgen}) that is the first connection's {@code outcomes}: every connection meets
 * the same probabilities. A deterministic chooser (an IPVS scheduler, the userspace proxier's round robin) makes the
 * first connection certain and moves on, so its spread is that of a sequence: {@link #SEQUENCE} connections from
 * successive source ports, {@link #GAP_MILLIS} apart (past every affinity timeout, so each is a fresh choice), each
 * weighted 1/N with its own exact outcomes — for round robin over up to ten endpoints, exactly 1/n each.
 * When the first {@link #PROBE} connections of a certain sequence all end alike (one endpoint, a drop, source hashing)
 * the sequence is not run further.
 */
public final class Spread {
    private Spread() {
    }

    /** Connections in a deterministic sequence: divisible by every endpoint count from 1 to 10. */
    public static final int SEQUENCE = 2520;
    /** Connections that must end alike before a certain first outcome is taken as the spread. */
    public static final int PROBE = 12;
    /** Four hours between connections of a sequence: past kube-proxy's 3 h ClientIP affinity and conntrack timeouts. */
    public static final long GAP_MILLIS = 4 * 3_600_000L;

    /** The exact spread and how it was obtained. Outcomes keep the hops of the first path that ended each way. */
    public record Result(List<Outcome> outcomes, ExactBasis basis) {
        public Result {
            outcomes = List.copyOf(outcomes);
        }
    }

    public static Result of(Simulator sim, Packet first, EntryPoint entry) {
        List<Outcome> exact = sim.outcomes(first, entry, new SimulationState(0));
        if (exact.size() != 1 || exact.get(0).probability() != 1.0) {
            return new Result(exact, ExactBasis.FIRST_CONNECTION);
        }
        SimulationState state = new SimulationState(0);
        Map<String, Outcome> merged = new LinkedHashMap<>();
        boolean varied = false;
        for (int i = 0; i < SEQUENCE; i++) {
            if (i == PROBE && !varied) {
                return new Result(exact, ExactBasis.FIRST_CONNECTION);
            }
            Packet p = first.withSource(first.source(), port(first.sourcePort(), i));
            for (Outcome o : sim.outcomes(p, entry, state)) {
                String key = o.verdict() + " " + o.destination() + " " + o.masquerade() + " " + o.uncertain();
                Outcome prev = merged.get(key);
                double add = o.probability() / SEQUENCE;
                merged.put(key, prev == null ? o.withProbability(add) : prev.withProbability(prev.probability() + add));
                varied |= !o.sameEnd(exact.get(0));
            }
            sim.trace(p, entry, state);
            state.advanceMillis(GAP_MILLIS);
        }
        List<Outcome> out = new ArrayList<>(merged.values());
        return new Result(out, ExactBasis.SEQUENCE);
    }

    private static int port(int base, int i) {
        return 1024 + (base - 1024 + i) % (65536 - 1024);
    }
}
