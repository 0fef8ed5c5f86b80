package dev.kpsim.core.conntrack;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every {@code recent} list of a node by name ({@code recent_net->tables}). A list that was never written to is
 * empty.
 */
public final class RecentLists implements RecentView {
    private final Map<String, RecentTable> tables = new TreeMap<>();

    @Override
    public RecentTable read(String name) {
        return tables.get(name);
    }

    @Override
    public RecentTable write(String name) {
        return tables.computeIfAbsent(name, n -> new RecentTable());
    }

    /** Names of lists that exist, sorted. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(tables.keySet());
    }
}
