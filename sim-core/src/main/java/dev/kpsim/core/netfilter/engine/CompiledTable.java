package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.trace.Hook;
import java.util.Map;

/** One table ready for the per-packet loop: chains by id, and the id of the base chain of each hook (or -1). */
final class CompiledTable {
    final String name;
    final CompiledChain[] chains;
    final Map<String, Integer> ids;
    private final int[] baseChain = new int[Hook.values().length];

    CompiledTable(String name, CompiledChain[] chains, Map<String, Integer> ids) {
        this.name = name;
        this.chains = chains;
        this.ids = ids;
        for (Hook h : Hook.values()) {
            Integer id = ids.get(h.name());
            baseChain[h.ordinal()] = id == null || chains[id].policy == null ? -1 : id;
        }
    }

    /** The base chain of a hook in this table, or -1 if the table has none there. */
    int baseChain(Hook hook) {
        return baseChain[hook.ordinal()];
    }
}
