package dev.kpsim.core.netfilter;

import java.util.List;

/**
 * A chain of one table: a built-in chain (with a policy, {@code ACCEPT} or {@code DROP}) or a user chain
 * ({@code policy == null}). Rules are in kernel evaluation order (rule 1 first).
 */
public record Chain(String name, String policy, Counters policyCounters, List<Rule> rules) {
    public Chain {
        rules = List.copyOf(rules);
    }

    public boolean isBuiltin() {
        return policy != null;
    }
}
