package dev.kpsim.core.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The mutable state of one simulation run: a seeded random source, a clock, and the engines' own state (conntrack
 * table, {@code recent} lists, IPVS connection counts, the userspace proxier's round-robin position), each stored
 * under its type. Confined to one thread; same seed and same calls give the same results.
 */
public final class SimulationState {
    private final SplittableRandom random;
    private long nowMillis;
    private final Map<Class<?>, Object> parts = new HashMap<>();
    /** The part looked up last (engines ask for the same part once per packet). */
    private Class<?> lastType;
    private Object lastPart;

    public SimulationState(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public SplittableRandom random() {
        return random;
    }

    /** Milliseconds since the start of the run. */
    public long nowMillis() {
        return nowMillis;
    }

    /** Advances the clock (timeouts of conntrack, affinity, IPVS templates). */
    public void advanceMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("time cannot go backwards");
        }
        nowMillis += millis;
    }

    /** The engine state of the given type, created on first use. */
    public <T> T part(Class<T> type, Supplier<T> create) {
        if (type == lastType) {
            return type.cast(lastPart);
        }
        T part = type.cast(parts.computeIfAbsent(type, k -> create.get()));
        lastType = type;
        lastPart = part;
        return part;
    }
}
