package dev.kpsim.mode.nftables.engine;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.mode.nftables.model.NftRuleset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs packets through a node's nftables ruleset (kube-proxy's table, CNI tables, whatever a dump holds) as the
 * kernel would: hooks in order for the packet's path (PREROUTING, then INPUT or FORWARD and POSTROUTING; OUTPUT then
 * POSTROUTING and, for local destinations, INPUT), base chains of all tables at a hook in priority order, {@code nat}
 * chains only for a connection's first packet, verdict maps, sets and concatenations, {@code numgen random mod N}
 * (each value with probability 1/N), {@code ct state}/{@code ct status}, {@code fib … type}, marks, DNAT, masquerade
 * (to the outgoing interface's address from the {@link NodeEnvironment}), dynamic-set updates (ClientIP affinity).
 *
 * <p>{@code trace} follows one path with the state's seeded random source and records the new connection and any
 * affinity entries in the state; {@code outcomes} follows every path without changing the state. Statements kpsim
 * does not model are followed both ways, each weighted 1/2, and mark the outcome uncertain. Immutable over its
 * ruleset; O(rules on the path) per packet, set and map lookups O(1) for exact keys.
 */
public final class NftSimulator implements Simulator {

    private static final int MAX_PATHS = 100_000;

    private final CompiledRuleset rs;
    private final NodeEnvironment env;

    public NftSimulator(NftRuleset ruleset, NodeEnvironment env) {
        this.rs = new CompiledRuleset(ruleset);
        this.env = env;
    }

    @Override
    public Outcome trace(Packet packet, EntryPoint entry, SimulationState state) {
        NftConntrack ct = state.part(NftConntrack.class, NftConntrack::new);
        DynamicSets dyn = state.part(DynamicSets.class, DynamicSets::new);
        PacketRun.Result r = new PacketRun(rs, env, new Choices.Seeded(state.random()), dyn, state.nowMillis(),
                ct.lookup(packet), packet).run(entry);
        if (r.newConnection() != null) {
            ct.confirm(r.newConnection());
        }
        for (PacketRun.DynUpdate u : r.dynUpdates()) {
            dyn.put(u.set(), u.key(), u.expiresAt());
        }
        return outcome(r, 1.0);
    }

    @Override
    public List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state) {
        NftConntrack ct = state.part(NftConntrack.class, NftConntrack::new);
        DynamicSets dyn = state.part(DynamicSets.class, DynamicSets::new);
        record Path(List<Integer> choices, Outcome outcome) {
        }
        List<Path> paths = new ArrayList<>();
        Deque<List<Integer>> todo = new ArrayDeque<>();
        todo.push(List.of());
        while (!todo.isEmpty()) {
            if (paths.size() >= MAX_PATHS) {
                throw new IllegalStateException("more than " + MAX_PATHS + " paths through the ruleset for " + packet);
            }
            List<Integer> prefix = todo.pop();
            Choices.Scripted sc = new Choices.Scripted(prefix);
            PacketRun.Result r = new PacketRun(rs, env, sc, dyn, state.nowMillis(), ct.lookup(packet), packet)
                    .run(entry);
            paths.add(new Path(List.copyOf(sc.taken), outcome(r, sc.probability)));
            for (int i = prefix.size(); i < sc.taken.size(); i++) {
                for (int alt = 1; alt < sc.arities.get(i); alt++) {
                    List<Integer> next = new ArrayList<>(sc.taken.subList(0, i));
                    next.add(alt);
                    todo.push(next);
                }
            }
        }
        paths.sort((a, b) -> {
            for (int i = 0; i < Math.min(a.choices().size(), b.choices().size()); i++) {
                int c = Integer.compare(a.choices().get(i), b.choices().get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.choices().size(), b.choices().size());
        });
        List<Outcome> merged = new ArrayList<>();
        for (Path p : paths) {
            boolean found = false;
            for (int i = 0; i < merged.size(); i++) {
                if (merged.get(i).sameEnd(p.outcome())) {
                    merged.set(i, merged.get(i).withProbability(merged.get(i).probability() + p.outcome().probability()));
                    found = true;
                    break;
                }
            }
            if (!found) {
                merged.add(p.outcome());
            }
        }
        return merged;
    }

    private static Outcome outcome(PacketRun.Result r, double probability) {
        boolean accepted = r.verdict() == dev.kpsim.core.trace.Verdict.ACCEPT;
        return new Outcome(probability, r.verdict(), accepted || r.translated()
                ? r.finalPacket().destinationHostPort() : null, r.masquerade(), r.newSource(), r.uncertain(), r.steps());
    }
}
