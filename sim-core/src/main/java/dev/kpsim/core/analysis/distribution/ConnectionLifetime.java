package dev.kpsim.core.analysis.distribution;

import dev.kpsim.core.engine.SimulationState;

/**
 * How long the connection whose first packet is being sent will stay open, as the workload (not the packet) knows
 * it. {@link DistributionRun} plans it before each connection when given a duration; engines that keep per-connection
 * state read it when the connection starts — IPVS counts a connection as active while it is open, which the lc, wlc,
 * sed and nq schedulers choose by. A lone packet ({@code kpsim trace}) has no planned lifetime. Kept in the run's
 * {@link SimulationState}; mutable and confined to its thread.
 */
public final class ConnectionLifetime {
    private long millis = -1;

    private ConnectionLifetime() {
    }

    private static ConnectionLifetime of(SimulationState state) {
        return state.part(ConnectionLifetime.class, ConnectionLifetime::new);
    }

    /** The next connection lasts {@code millis} milliseconds (0 or more). */
    public static void plan(SimulationState state, long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("a connection cannot last a negative time, was " + millis + " ms");
        }
        of(state).millis = millis;
    }

    /** The next connection's lifetime is unknown (a lone packet). */
    public static void clear(SimulationState state) {
        of(state).millis = -1;
    }

    /** The planned lifetime of the connection being started, in milliseconds, or -1 when none was planned. */
    public static long planned(SimulationState state) {
        return of(state).millis;
    }
}
