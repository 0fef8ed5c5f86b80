package dev.kpsim.core.netfilter.engine;

import java.util.Arrays;

/**
 * The jump stack of a {@link PacketWalk} (the kernel keeps one per CPU, {@code jumpstack} in
 * {@code ipt_do_table}): per level the chain, its two index candidate lists and a few cursors. One per thread is
 * reused by every walk on that thread, so tracing a packet does not allocate it; a walk that finds it in use (a walk
 * started inside another) takes a fresh one.
 */
final class WalkStack {
    /** Ints per level: next rule, cursors into the destination, port and fallback lists, next rule's program position. */
    static final int LV = 8;
    private static final ThreadLocal<WalkStack> PER_THREAD = ThreadLocal.withInitial(WalkStack::new);

    CompiledChain[] chain = new CompiledChain[8];
    long[] cand = new long[16];
    int[][] lists = new int[16][];
    int[] ints = new int[8 * LV];
    private boolean busy;

    static WalkStack acquire() {
        WalkStack s = PER_THREAD.get();
        if (s.busy) {
            s = new WalkStack();
        }
        s.busy = true;
        return s;
    }

    void release() {
        Arrays.fill(chain, null);
        Arrays.fill(lists, null);
        busy = false;
    }

    /** Makes room for level {@code depth}. */
    void ensure(int depth) {
        if (depth >= chain.length) {
            int n = chain.length * 2;
            chain = Arrays.copyOf(chain, n);
            cand = Arrays.copyOf(cand, n * 2);
            lists = Arrays.copyOf(lists, n * 2);
            ints = Arrays.copyOf(ints, n * LV);
        }
    }
}
