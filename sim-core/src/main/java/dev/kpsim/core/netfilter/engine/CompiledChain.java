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
    /**
     * Where each rule's header is in its table's program blob ({@link CompiledTable#code}); one extra entry for the
     * end. Relative to the chain until {@link #placeProgram} puts the chain into the blob.
     */
    final int[] start;
    /** The built-in chain's policy is DROP. */
    final boolean dropPolicy;
    /**
     * Matches are evaluated from the program; false in the linear reference, which evaluates the match objects with
     * {@link MatchEvaluator} (so the two forms check each other).
     */
    final boolean matchProgram;
    ChainIndex index;
    /** The chain's program until it is placed in the table's blob. */
    private long[] program;

    CompiledChain(String name, String policy, CompiledRule[] rules, boolean matchProgram) {
        this.name = name;
        this.policy = policy;
        this.rules = rules;
        this.ruleCount = rules.length;
        RuleCode.Program p = RuleCode.encode(rules);
        this.program = p.code();
        this.start = p.start();
        this.dropPolicy = "DROP".equals(policy);
        this.matchProgram = matchProgram;
    }

    int programLength() {
        return program.length;
    }

    /** Copies the program into {@code blob} at {@code at}, makes {@link #start} absolute, returns the end offset. */
    int placeProgram(long[] blob, int at) {
        System.arraycopy(program, 0, blob, at, program.length);
        for (int k = 0; k < start.length; k++) {
            start[k] += at;
        }
        int end = at + program.length;
        program = null;
        return end;
    }

    boolean builtin() {
        return policy != null;
    }
}
