package dev.kpsim.core.netfilter.engine;

/**
 * A chain ready for the per-packet loop: its rules, its policy if built-in, and optionally a {@link ChainIndex}
 * that names, for a packet's protocol, destination address and port, the only rules that can possibly match.
 */
final class CompiledChain {
    final String name;
    final String policy;
    final CompiledRule[] rules;
    ChainIndex index;

    CompiledChain(String name, String policy, CompiledRule[] rules) {
        this.name = name;
        this.policy = policy;
        this.rules = rules;
    }

    boolean builtin() {
        return policy != null;
    }
}
