package dev.kpsim.core.netfilter.engine;

import java.util.Arrays;

/**
 * The jump stack of a {@link PacketWalk} (the kernel keeps one per CPU, {@code jumpstack} in
 * {@code ipt_do_table}): per level the chain and its position, its two index candidate lists and their cursors. One per thread is
 * reused by every walk on that thread, so tracing a packet does not allocate it; a walk that finds it in use (a walk
 * started inside another) takes a fresh one.
 */
final class WalkStack {
    /**
     * Ints per level: next rule, cursors into the destination, port and fallback lists, next rule's position in the
     * table's program blob, the chain's end in the blob, the chain id, and 1 if the chain is indexed.
     */
    static final int LV = 8;
    private static final ThreadLocal<WalkStack> PER_THREAD = ThreadLocal.withInitial(WalkStack::new);

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
        Arrays.fill(lists, null);
        busy = false;
    }

    /** Makes room for level {@code depth}. */
    void ensure(int depth) {
        if ((depth + 1) * LV > ints.length) {
            int n = Math.max(depth + 1, ints.length / LV * 2);
            cand = Arrays.copyOf(cand, n * 2);
            lists = Arrays.copyOf(lists, n * 2);
            ints = Arrays.copyOf(ints, n * LV);
        }
    }
}
