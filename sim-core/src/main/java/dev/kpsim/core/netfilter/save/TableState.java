package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.netfilter.target.JumpTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table while a restore input is applied: chains by name in creation order, and how many rules jump to each chain
 * (the kernel refuses to delete a referenced chain). The reference counts are only needed by {@code -X}; they are
 * counted on its first use and kept up to date from then on, so a dump without deletes never pays for them.
 * Mutable, confined to one parse.
 */
final class TableState {
    final String name;
    final LinkedHashMap<String, ChainState> chains = new LinkedHashMap<>();
    private final List<String> builtins;
    /** Jumps per target chain; null until first asked for. */
    private Map<String, Integer> references;

    TableState(String name) {
        this.name = name;
        this.builtins = Table.builtinChains(name);
    }

    static TableState of(Table t) {
        TableState s = new TableState(t.name());
        for (Chain c : t.chains()) {
            s.chains.put(c.name(), ChainState.of(c));
        }
        return s;
    }

    boolean isBuiltin(String chain) {
        return builtins.contains(chain);
    }

    /** Adds every built-in chain the kernel has for this table that is missing, with policy ACCEPT. */
    void materializeBuiltins() {
        for (String b : Table.builtinChains(name)) {
            chains.computeIfAbsent(b, n -> new ChainState(n, "ACCEPT", Counters.ZERO));
        }
    }

    ChainState chain(String chain) {
        return chains.get(chain);
    }

    int references(String chain) {
        if (references == null) {
            references = new HashMap<>();
            for (ChainState c : chains.values()) {
                for (Rule r : c.rules) {
                    reference(r, 1);
                }
            }
        }
        return references.getOrDefault(chain, 0);
    }

    void reference(Rule r, int delta) {
        if (references != null && r.target() instanceof JumpTarget j) {
            references.merge(j.chain(), delta, Integer::sum);
        }
    }

    void add(ChainState c, int index, Rule r) {
        c.rules.add(index, r);
        reference(r, 1);
    }

    Rule remove(ChainState c, int index) {
        Rule r = c.rules.remove(index);
        reference(r, -1);
        return r;
    }

    void flush(ChainState c) {
        for (Rule r : c.rules) {
            reference(r, -1);
        }
        c.rules.clear();
    }

    /** What iptables-restore does at {@code *table} without {@code --noflush}: flush every chain, delete user chains. */
    void reset() {
        for (ChainState c : chains.values()) {
            flush(c);
        }
        chains.values().removeIf(c -> c.policy == null);
    }

    /** The table, built-in chains first in the kernel's order, then user chains in creation order. */
    Table toTable() {
        List<Chain> out = new ArrayList<>(chains.size());
        for (String b : Table.builtinChains(name)) {
            ChainState c = chains.get(b);
            if (c != null && c.policy != null) {
                out.add(c.toChain());
            }
        }
        for (ChainState c : chains.values()) {
            if (!(c.policy != null && isBuiltin(c.name))) {
                out.add(c.toChain());
            }
        }
        return new Table(name, out);
    }
}
