package dev.kpsim.core.netfilter.engine;

/**
 * An open-addressing hash map from a 128-bit key (two longs: an IPv6 address, or an IPv4 address / protocol-port
 * pair in the low word) to an int array, so that looking up a packet's destination allocates nothing. Built once,
 * then read-only.
 */
final class HiLoMap {
    private final long[] his;
    private final long[] los;
    private final int[][] values;
    private final int mask;

    HiLoMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1) - 1) << 1;
        his = new long[cap];
        los = new long[cap];
        values = new int[cap][];
        mask = cap - 1;
    }

    private static int hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    void put(long hi, long lo, int[] value) {
        int i = hash(hi, lo) & mask;
        while (values[i] != null && !(his[i] == hi && los[i] == lo)) {
            i = (i + 1) & mask;
        }
        his[i] = hi;
        los[i] = lo;
        values[i] = value;
    }

    int[] get(long hi, long lo) {
        int i = hash(hi, lo) & mask;
        while (true) {
            int[] v = values[i];
            if (v == null) {
                return null;
            }
            if (his[i] == hi && los[i] == lo) {
                return v;
            }
            i = (i + 1) & mask;
        }
    }
}
