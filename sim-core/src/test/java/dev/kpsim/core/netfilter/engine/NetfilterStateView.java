package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.conntrack.ConntrackEntry;
import dev.kpsim.core.conntrack.NetfilterState;
import dev.kpsim.core.engine.SimulationState;
import java.util.List;

/** Test access to the conntrack entries of the hostnames node. */
final class NetfilterStateView {
    private NetfilterStateView() {
    }

    static List<ConntrackEntry> conntrack(SimulationState s) {
        return NetfilterState.of(s, "node-3").conntrack().entries(s.nowMillis());
    }
}
