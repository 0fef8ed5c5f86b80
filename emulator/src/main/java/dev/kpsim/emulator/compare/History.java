package dev.kpsim.emulator.compare;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The simulator's memory of a whole emulation session, kept in step with the kernel's: the connections whose ends
 * depend on earlier ones (ClientIP affinity) are committed here, in the order the kernel saw them, each ending where
 * the kernel's did — the kernel's {@code recent} lists and affinity sets outlive one experiment, so the next
 * experiment from the same client must start from the same memory. A commit is a seeded {@code trace}; if it ends
 * elsewhere than the kernel's connection although it had a choice, the history is rebuilt from fresh states with
 * other seeds until every committed connection with a choice ends as observed ({@link #MAX_REBUILDS} attempts).
 * Mutable; one per session, used from one thread.
 */
final class History {

    /** Attempts at rebuilding the history before giving up. */
    static final int MAX_REBUILDS = 400;

    /** One committed connection: how it was simulated, and where the kernel says it ended. */
    record Commit(Simulator sim, EntryPoint entry, Packet packet, String observed, boolean branching, Function<Outcome, String> label) {
        String replay(SimulationState s) {
            return label.apply(sim.trace(packet, entry, s));
        }
    }

    private final List<Commit> commits = new ArrayList<>();
    private SimulationState state;
    /** The seed the current state was started from (its commits were then traced in order). */
    private long stateSeed;
    private long attemptSeed;

    History(long seed) {
        this.state = new SimulationState(seed);
        this.stateSeed = seed;
        this.attemptSeed = seed;
    }

    /**
     * A separate state equal to the current one, for looking ahead without committing: the commits replayed from the
     * current state's seed (traces draw from the state's random source in the same order, so the replay is exact).
     */
    SimulationState copy() {
        SimulationState s = new SimulationState(stateSeed);
        for (Commit c : commits) {
            c.replay(s);
        }
        return s;
    }

    /** The current state; callers only read it ({@code outcomes}). */
    SimulationState state() {
        return state;
    }

    /**
     * Commits a connection. False if no seed reproduces the history with it (the state then follows the simulator's
     * own choice for it).
     */
    boolean commit(Commit c) {
        String got = c.replay(state);
        commits.add(c);
        if (got.equals(c.observed()) || !c.branching()) {
            return true;
        }
        for (int a = 0; a < MAX_REBUILDS; a++) {
            attemptSeed = attemptSeed * 6364136223846793005L + 1442695040888963407L;
            SimulationState rebuilt = replay(attemptSeed);
            if (rebuilt != null) {
                state = rebuilt;
                stateSeed = attemptSeed;
                return true;
            }
        }
        return false;
    }

    private SimulationState replay(long seed) {
        SimulationState s = new SimulationState(seed);
        for (Commit c : commits) {
            if (!c.replay(s).equals(c.observed()) && c.branching()) {
                return null;
            }
        }
        return s;
    }
}
