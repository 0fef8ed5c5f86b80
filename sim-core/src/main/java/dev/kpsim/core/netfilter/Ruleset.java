package dev.kpsim.core.netfilter;

import dev.kpsim.core.net.IpFamily;
import java.util.List;
import java.util.Optional;

/**
 * A whole iptables (or ip6tables) configuration of one node: its tables in the order read. Produced by parsing
 * an {@code iptables-save} dump or a generated restore payload; consumed by the printer and the interpreter.
 * Immutable and safe to share between threads.
 */
public record Ruleset(IpFamily family, List<Table> tables) {
    public Ruleset {
        tables = List.copyOf(tables);
    }

    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<Chain> chain(String table, String chain) {
        return table(table).flatMap(t -> t.chain(chain));
    }

    /** Rule count of a table (all chains). */
    public int ruleCount(String table) {
        return table(table).map(t -> t.chains().stream().mapToInt(c -> c.rules().size()).sum()).orElse(0);
    }
}
