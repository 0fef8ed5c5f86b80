package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.target.JumpTarget;
import java.util.ArrayList;
import java.util.List;

/** A chain while a restore input is applied (mutable, confined to one parse). {@code policy} is null for user chains. */
final class ChainState {
    String name;
    String policy;
    Counters counters;
    final List<Rule> rules = new ArrayList<>();
    /** The {@code -j} and {@code -g} targets naming this chain, made on first use; reset when it is renamed. */
    private JumpTarget jump;
    private JumpTarget gotoJump;

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

    /** A jump ({@code -j}) or goto ({@code -g}) to this chain: one instance per chain and kind for all its rules. */
    JumpTarget jumpTarget(boolean isGoto) {
        if (isGoto) {
            if (gotoJump == null) {
                gotoJump = new JumpTarget(name, true);
            }
            return gotoJump;
        }
        if (jump == null) {
            jump = new JumpTarget(name, false);
        }
        return jump;
    }

    /** Renames the chain (its existing jump targets keep the old name; new ones get the new name). */
    void rename(String newName) {
        name = newName;
        jump = null;
        gotoJump = null;
    }

    Chain toChain() {
        return new Chain(name, policy, counters == null ? Counters.ZERO : counters, rules);
    }
}
