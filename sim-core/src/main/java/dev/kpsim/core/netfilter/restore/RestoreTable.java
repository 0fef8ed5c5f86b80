package dev.kpsim.core.netfilter.restore;

import java.util.List;

/** One {@code *table} … {@code COMMIT} block of an {@code iptables-restore} payload, lines in written order. */
public record RestoreTable(String name, List<RestoreLine> lines) {
    public RestoreTable {
        lines = List.copyOf(lines);
    }
}
