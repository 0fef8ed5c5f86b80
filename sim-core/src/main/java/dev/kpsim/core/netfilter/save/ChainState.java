package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import java.util.ArrayList;
import java.util.List;

/** A chain while a restore input is applied (mutable, confined to one parse). {@code policy} is null for user chains. */
final class ChainState {
    String name;
    String policy;
    Counters counters;
    final List<Rule> rules = new ArrayList<>();

    ChainState(String name, String policy, Counters counters) {
        this.name = name;
        this.policy = policy;
        this.counters = counters;
    }

    static ChainState of(Chain c) {
        ChainState s = new ChainState(c.name(), c.policy(), c.policyCounters());
        s.rules.addAll(c.rules());
        return s;
    }

    Chain toChain() {
        return new Chain(name, policy, counters == null ? Counters.ZERO : counters, rules);
    }
}
