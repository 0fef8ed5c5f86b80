package dev.kpsim.core.analysis.graph;

import dev.kpsim.core.diag.SourceLocation;
import java.util.List;

/**
 * One chain, mode-neutral: iptables' built-in and user chains, nftables' base and regular chains.
 *
 * @param table  {@code nat}, {@code filter}, … or {@code ip kube-proxy}
 * @param hook   the hook a base chain is attached to ({@code PREROUTING}, {@code prerouting}); null for regular chains
 * @param policy a base chain's policy; null otherwise
 */
public record GraphChain(String table, String name, String hook, String policy, List<GraphRule> rules,
                         SourceLocation location) {

    public GraphChain {
        rules = List.copyOf(rules);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** {@code table:name}, unique in a ruleset. */
    public String id() {
        return table + ":" + name;
    }

    public boolean isBase() {
        return hook != null;
    }
}
