package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.trace.Hook;
import java.util.Map;

/**
 * One table ready for the per-packet loop: chains by id, the id of the base chain of each hook (or -1), and — what
 * the walk reads — every chain's {@link RuleCode} program laid end to end in one {@code long[]}, chain after chain in
 * declaration order, the way the kernel keeps a table as one blob of {@code ipt_entry} records. kube-proxy declares a
 * service's KUBE-SVC chain next to its KUBE-SEP chains, so a new connection's walk through them reads neighbouring
 * memory. {@link #chainInfo} gives each chain's extent in the blob.
 */
final class CompiledTable {
    /** {@link #chainInfo} bit: the chain has a {@link ChainIndex}. */
    static final long INDEXED = 1L << 62;
    private static final long OFFSET_MASK = (1L << 31) - 1;

    final String name;
    final CompiledChain[] chains;
    final Map<String, Integer> ids;
    /** All chains' programs, in chain id order. */
    final long[] code;
    /** Per chain id: start offset in {@link #code} (bits 0-30), end offset (bits 31-61), {@link #INDEXED}. */
    final long[] chainInfo;
    /** Matches are evaluated from the programs; false in the linear reference (see {@link CompiledChain#matchProgram}). */
    final boolean matchProgram;
    private final int[] baseChain = new int[Hook.values().length];

    CompiledTable(String name, CompiledChain[] chains, Map<String, Integer> ids, boolean matchProgram) {
        this.name = name;
        this.chains = chains;
        this.ids = ids;
        this.matchProgram = matchProgram;
        int total = 0;
        for (CompiledChain c : chains) {
            total += c.programLength();
        }
        code = new long[total];
        chainInfo = new long[chains.length];
        int at = 0;
        for (int id = 0; id < chains.length; id++) {
            CompiledChain c = chains[id];
            int start = at;
            at = c.placeProgram(code, at);
            chainInfo[id] = start | ((long) at << 31) | (c.index != null ? INDEXED : 0);
        }
        linkJumps();
        for (Hook h : Hook.values()) {
            Integer id = ids.get(h.name());
            baseChain[h.ordinal()] = id == null || chains[id].policy == null ? -1 : id;
        }
    }

    /** Writes each jump's and goto's target chain extent into the rule's operand word (see {@link RuleCode#jumpInfo}). */
    private void linkJumps() {
        for (CompiledChain c : chains) {
            for (int i = 0; i < c.ruleCount; i++) {
                int pc = c.start[i];
                long header = code[pc];
                int kind = RuleCode.targetKind(header);
                int target = RuleCode.jumpChain(header);
                if ((kind == RuleCode.T_JUMP || kind == RuleCode.T_GOTO) && target >= 0) {
                    code[pc + 1 + RuleCode.opWords(header)] = chainInfo[target];
                }
            }
        }
    }

    static int start(long info) {
        return (int) (info & OFFSET_MASK);
    }

    static int end(long info) {
        return (int) ((info >>> 31) & OFFSET_MASK);
    }

    /** The base chain of a hook in this table, or -1 if the table has none there. */
    int baseChain(Hook hook) {
        return baseChain[hook.ordinal()];
    }
}
