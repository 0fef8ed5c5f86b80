package dev.kpsim.core.analysis.graph;

import java.util.List;
import java.util.Optional;

/**
 * A data plane's rules in the mode-neutral form that graphs and lint read: every chain of every table. Built by an
 * adapter per format ({@link IptablesGraphSource} for iptables rulesets — generated or dumped, iptables, IPVS and
 * userspace modes; the CLI adapts nftables rulesets).
 *
 * @param mode  the data-plane mode or dump format, for display
 * @param chains chains in table order, then declaration order
 */
public record RuleGraphSource(String mode, List<GraphChain> chains) {
    public RuleGraphSource {
        chains = List.copyOf(chains);
    }

    public Optional<GraphChain> chain(String table, String name) {
        return chains.stream().filter(c -> c.table().equals(table) && c.name().equals(name)).findFirst();
    }
}
