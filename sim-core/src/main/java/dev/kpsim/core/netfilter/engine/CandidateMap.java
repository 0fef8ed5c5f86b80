package dev.kpsim.core.netfilter.engine;

/**
 * An open-addressing hash map from a 128-bit key (two longs: an IPv6 address, or an IPv4 address / protocol-port
 * pair in the low word) to a sorted list of rule indices, laid out so that a lookup touches one cache line: each slot
 * holds the key and a payload word, and lists of one or two rules (what a service address has in KUBE-SERVICES) are
 * packed into the payload itself; longer lists live in a side array. Looking up a packet's destination allocates
 * nothing. Built once, then read-only.
 */
final class CandidateMap {
    /** Payload bit: the list is packed into the payload (count in bits 60-61, rules in bits 0-29 and 30-59). */
    static final long INLINE = 1L << 62;
    private static final int RULE_BITS = 30;
    private static final long RULE_MASK = (1L << RULE_BITS) - 1;

    private final long[] table;
    private final int[][] lists;
    private final int mask;

    /** @param keys pairs (hi, lo) of the keys; {@code values} the ascending rule lists, in the same order */
    CandidateMap(long[] keys, int[][] values) {
        int n = values.length;
        int cap = Integer.highestOneBit(Math.max(4, n * 2 + 1) - 1) << 1;
        table = new long[cap * 3];
        mask = cap - 1;
        int[][] side = new int[n][];
        int sides = 0;
        for (int k = 0; k < n; k++) {
            long hi = keys[2 * k];
            long lo = keys[2 * k + 1];
            int[] v = values[k];
            long payload;
            if (v.length <= 2 && v.length > 0 && v[v.length - 1] <= RULE_MASK) {
                payload = INLINE | ((long) v.length << 60) | (long) v[0] | (v.length == 2 ? (long) v[1] << RULE_BITS : 0);
            } else {
                side[sides] = v;
                payload = ++sides;
            }
            int i = index(hi, lo);
            while (table[3 * i + 2] != 0) {
                i = (i + 1) & mask;
            }
            table[3 * i] = hi;
            table[3 * i + 1] = lo;
            table[3 * i + 2] = payload;
        }
        lists = java.util.Arrays.copyOf(side, sides);
    }

    /** The payload of {@code (hi, lo)}: 0 if absent, {@link #INLINE}-packed, or a 1-based index for {@link #list}. */
    long get(long hi, long lo) {
        for (int i = index(hi, lo); ; i = (i + 1) & mask) {
            long payload = table[3 * i + 2];
            if (payload == 0 || (table[3 * i] == hi && table[3 * i + 1] == lo)) {
                return payload;
            }
        }
    }

    /** The rule list of a non-inline payload. */
    int[] list(long payload) {
        return lists[(int) payload - 1];
    }

    static int inlineCount(long payload) {
        return (int) ((payload >>> 60) & 3);
    }

    static int inlineRule(long payload, int k) {
        return (int) ((payload >>> (k * RULE_BITS)) & RULE_MASK);
    }

    private int index(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47)) & mask;
    }
}
