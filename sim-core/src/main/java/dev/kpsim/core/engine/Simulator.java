package dev.kpsim.core.engine;

import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.List;

/**
 * Runs packets through one node's data plane the way the kernel would. Implementations are immutable over their
 * data plane; everything that changes (conntrack, affinity lists, schedulers' positions, the RNG) lives in the
 * caller's {@link SimulationState}, so one simulator can serve parallel runs.
 */
public interface Simulator {

    /**
     * Follows one path, choosing each probabilistic branch with the state's seeded random source, and updates the
     * state (a new connection's conntrack entry, {@code recent} lists). The outcome's probability is 1.
     */
    Outcome trace(Packet packet, EntryPoint entry, SimulationState state);

    /**
     * Follows every branch from the current state and returns each distinct outcome with its exact probability
     * (products along the path; identical ends merged; probabilities sum to 1). Does not change the state.
     */
    List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state);

    /**
     * The same simulator without recording hops (for sampling many connections, where only ends matter). Outcomes
     * are identical except for their empty hop lists. Simulators that cannot drop hops return themselves.
     */
    default Simulator withoutHops() {
        return this;
    }
}
