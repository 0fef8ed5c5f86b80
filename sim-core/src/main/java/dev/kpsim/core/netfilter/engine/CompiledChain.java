package dev.kpsim.core.netfilter.engine;

/**
 * A chain ready for the per-packet loop: its rules as a flat {@link RuleCode} program (what the walk reads), the
 * rule objects (for explanations and rare matches), its policy if built-in, and optionally a {@link ChainIndex} that
 * names, for a packet's protocol, destination address and port, the only rules that can possibly match.
 */
final class CompiledChain {
    final String name;
    final String policy;
    final CompiledRule[] rules;
    final int ruleCount;
    /** The rules' program: per rule a header word and its ops ({@link RuleCode}). */
    final long[] code;
    /** Where each rule's header is in {@link #code}; one extra entry for the end. */
    final int[] start;
    /** The built-in chain's policy is DROP. */
    final boolean dropPolicy;
    /**
     * Matches are evaluated from {@link #code}; false in the linear reference, which evaluates the match objects with
     * {@link MatchEvaluator} (so the two forms check each other).
     */
    final boolean matchProgram;
    ChainIndex index;

    CompiledChain(String name, String policy, CompiledRule[] rules, boolean matchProgram) {
        this.name = name;
        this.policy = policy;
        this.rules = rules;
        this.ruleCount = rules.length;
        RuleCode.Program p = RuleCode.encode(rules);
        this.code = p.code();
        this.start = p.start();
        this.dropPolicy = "DROP".equals(policy);
        this.matchProgram = matchProgram;
    }

    boolean builtin() {
        return policy != null;
    }
}
