package dev.kpsim.core.netfilter.engine;

import java.util.SplittableRandom;

/**
 * The choices of a seeded trace: each random draw takes 31 bits of the simulation's random source, as the kernel
 * takes {@code prandom_u32() & 0x7FFFFFFF}; unmodeled constructs are assumed to match ("may match") and to continue.
 */
final class SeededDecider implements Decider {
    private final SplittableRandom random;

    SeededDecider(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public boolean random(long kernelValue) {
        return (random.nextInt() & 0x7FFFFFFF) < kernelValue;
    }

    @Override
    public boolean unknown() {
        return true;
    }

    @Override
    public double probability() {
        return 1.0;
    }
}
