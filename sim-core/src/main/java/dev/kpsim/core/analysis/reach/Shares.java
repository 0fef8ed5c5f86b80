package dev.kpsim.core.analysis.reach;

import java.util.Locale;

/**
 * Prints an exact probability the way people read kube-proxy's balancing: as a small fraction when it is one
 * ({@code 1/3}: the statistic cascade 1/3, 1/2, 1 gives each of three endpoints exactly a third, up to the kernel's
 * 2^-31 resolution), else with four decimals.
 */
public final class Shares {
    private Shares() {
    }

    /** The largest denominator printed as a fraction. */
    static final int MAX_DENOMINATOR = 64;

    /** {@code 1}, {@code 1/3}, {@code 2/5}, or {@code 0.2718}. */
    public static String format(double p) {
        if (Math.abs(p - 1) < 1e-6) {
            return "1";
        }
        for (int d = 2; d <= MAX_DENOMINATOR; d++) {
            long n = Math.round(p * d);
            if (n > 0 && n < d && Math.abs(p - (double) n / d) < 1e-6 && gcd(n, d) == 1) {
                return n + "/" + d;
            }
        }
        return String.format(Locale.ROOT, "%.4f", p);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
