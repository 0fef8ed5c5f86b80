package dev.kpsim.core.conntrack;

import dev.kpsim.core.engine.SimulationState;
import java.util.HashMap;
import java.util.Map;

/**
 * What the kernel of one node remembers between packets: its conntrack table, its {@code recent} lists and the
 * counters of {@code statistic --mode nth} rules. Kept inside a {@link SimulationState}, one per node name, so a run
 * that sends packets through several nodes keeps each node's memory apart.
 */
public final class NetfilterState {
    private final ConntrackTable conntrack = new ConntrackTable();
    private final RecentLists recent = new RecentLists();
    private final NthCounters nth = new NthCounters();

    public ConntrackTable conntrack() {
        return conntrack;
    }

    public RecentLists recent() {
        return recent;
    }

    public NthCounters nth() {
        return nth;
    }

    /** The state of node {@code nodeName} inside {@code state}, created empty on first use. */
    public static NetfilterState of(SimulationState state, String nodeName) {
        return state.part(PerNode.class, PerNode::new).of(nodeName == null ? "" : nodeName);
    }

    /** The container stored in the simulation state, remembering the node asked for last. */
    private static final class PerNode {
        private final Map<String, NetfilterState> byNode = new HashMap<>();
        private String lastName;
        private NetfilterState last;

        NetfilterState of(String name) {
            if (name == lastName) {
                return last;
            }
            NetfilterState s = byNode.computeIfAbsent(name, n -> new NetfilterState());
            lastName = name;
            last = s;
            return s;
        }
    }
}
