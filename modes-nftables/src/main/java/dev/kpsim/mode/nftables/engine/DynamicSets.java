package dev.kpsim.mode.nftables.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Elements that rules added to dynamic sets at run time ({@code update @affinity-… { ip saddr }}), with their expiry,
 * kept in the caller's {@link dev.kpsim.core.engine.SimulationState}. An {@code update} refreshes the timeout, so an
 * affinity entry lives as long as the client keeps opening connections within the timeout (a sliding window).
 */
final class DynamicSets {
    private final Map<String, Map<String, Long>> expiries = new HashMap<>();

    /** True if {@code key} is in {@code set} and not expired at {@code nowMillis}. */
    boolean contains(String set, String key, long nowMillis) {
        Long exp = expiries.getOrDefault(set, Map.of()).get(key);
        return exp != null && exp > nowMillis;
    }

    /** Milliseconds left for {@code key}, or 0 when absent. */
    long remaining(String set, String key, long nowMillis) {
        Long exp = expiries.getOrDefault(set, Map.of()).get(key);
        return exp == null ? 0 : Math.max(0, exp - nowMillis);
    }

    void put(String set, String key, long expiresAtMillis) {
        expiries.computeIfAbsent(set, k -> new HashMap<>()).put(key, expiresAtMillis);
    }
}
