package dev.kpsim.mode.userspace.proxier;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable, seeded pseudo-random stream (SplitMix64), standing in for the Go random sources the userspace proxier
 * drew from: {@code k8s.io/apimachinery/pkg/util/rand} (behind {@code util.ShuffleStrings}), the
 * {@code rangeAllocator}'s own {@code rand.Rand} ({@code pkg/proxy/userspace/port_allocator.go}), and the kernel's
 * choice of ephemeral ports. kube-proxy seeded those from the wall clock; kpsim seeds them from the caller's seed, so
 * the same seed gives the same shuffles and ports. The values are not Go's (Go's generator is not reproduced), only
 * the way they are used is.
 *
 * <p>Each draw returns the value together with the advanced stream; the receiver is never changed.
 */
public record Rng(long state) {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** A stream for {@code seed}; different {@code stream} numbers give independent streams from one seed. */
    public static Rng seeded(long seed, int stream) {
        return new Rng(mix(seed ^ mix(GOLDEN * (stream + 1L))));
    }

    /** One drawn integer and the stream after the draw. */
    public record IntDraw(int value, Rng next) {
    }

    /** One drawn permutation of {@code 0..n-1} and the stream after the draw. */
    public record PermDraw(List<Integer> perm, Rng next) {
        public PermDraw {
            perm = List.copyOf(perm);
        }
    }

    /** A uniformly distributed integer in {@code [0, bound)}, like Go's {@code rand.Intn}. O(1) expected. */
    public IntDraw nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        long s = state;
        while (true) {
            s += GOLDEN;
            int r = (int) (mix(s) >>> 33);
            int m = bound - 1;
            if ((bound & m) == 0) {
                return new IntDraw((int) ((bound * (long) r) >> 31), new Rng(s));
            }
            int value = r % bound;
            if (r - value + m >= 0) {
                return new IntDraw(value, new Rng(s));
            }
        }
    }

    /**
     * A random permutation of {@code 0..n-1} built the way Go's {@code rand.Perm} builds it (for each i, j = Intn(i+1),
     * m[i] = m[j], m[j] = i). O(n).
     */
    public PermDraw perm(int n) {
        int[] m = new int[n];
        Rng r = this;
        for (int i = 0; i < n; i++) {
            IntDraw d = r.nextInt(i + 1);
            r = d.next();
            m[i] = m[d.value()];
            m[d.value()] = i;
        }
        List<Integer> out = new ArrayList<>(n);
        for (int v : m) {
            out.add(v);
        }
        return new PermDraw(out, r);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
