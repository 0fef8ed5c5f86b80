package dev.kpsim.core.conntrack;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-rule packet counters of {@code -m statistic --mode nth} ({@code xt_statistic_priv.count} in
 * {@code net/netfilter/xt_statistic.c}). iptables stores {@code every - 1} as E and starts the counter at
 * {@code E - packet}; each packet moves it to {@code counter == E ? 0 : counter + 1} and matches when it becomes 0,
 * so {@code --every 3 --packet 0} matches the 1st, 4th, 7th... packet.
 */
public final class NthCounters {
    private final Map<String, Integer> counters = new HashMap<>();

    /** The counter of the rule {@code key}, or its initial value {@code (every - 1) - packet}. */
    public int get(String key, int every, int packet) {
        Integer c = counters.get(key);
        return c != null ? c : (every - 1) - packet;
    }

    public void put(String key, int value) {
        counters.put(key, value);
    }

    /** The value after one packet: {@code counter == every-1 ? 0 : counter + 1}; a match when it is 0. */
    public static int next(int counter, int every) {
        return counter == every - 1 ? 0 : counter + 1;
    }

    /** A copy (for exploring branches without changing the simulation's state). */
    public NthCounters copy() {
        NthCounters c = new NthCounters();
        c.counters.putAll(counters);
        return c;
    }
}
