package dev.kpsim.core.analysis.distribution;

import java.util.SplittableRandom;

/**
 * When the connections of a {@link DistributionRun} start and how long each lasts: the gap between one connection's
 * start and the next, and each connection's lifetime (told to the simulator through {@link ConnectionLifetime}), both
 * drawn from a random source of their own seeded from the run's seed, so that the data plane's own random choices are
 * the same with or without a time model. {@link #INSTANT} (no gaps, no planned lifetimes) is the run kpsim makes
 * without one.
 *
 * @param interval the gap between consecutive connection starts
 * @param duration each connection's lifetime; null when connections have no planned lifetime
 */
public record ConnectionTiming(TimeDistribution interval, TimeDistribution duration) {

    /** All connections at time 0, none with a planned lifetime. */
    public static final ConnectionTiming INSTANT = new ConnectionTiming(TimeDistribution.ZERO, null);

    public ConnectionTiming {
        interval = interval == null ? TimeDistribution.ZERO : interval;
    }

    /** The workload's own random source for {@code seed}. */
    SplittableRandom random(long seed) {
        return new SplittableRandom(seed ^ 0x7E57_C0DE_5EED_1DEAL);
    }

    /** True when connections have planned lifetimes. */
    public boolean plansLifetimes() {
        return duration != null;
    }
}
