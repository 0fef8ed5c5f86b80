package dev.kpsim.core.netfilter.match;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code -m statistic --mode random --probability P}. The kernel stores {@code round(P · 2^31)} as a u32 and matches
 * when a random 31-bit number is below it, so the exact match probability is {@link #kernelValue()} / 2^31; that
 * value, not the written text, is what the simulator uses. {@code iptables-save} prints it with {@code %.11f}.
 *
 * @param text        the probability as written (kube-proxy: {@code %0.10f}, or {@code %0.5f} before v1.17)
 * @param kernelValue {@code lround(P · 0x80000000)}
 */
public record RandomMatch(String text, long kernelValue, boolean negated) implements Match {

    /** 2^31, the kernel's probability scale. */
    public static final long SCALE = 0x80000000L;

    /** Builds the match from written text, computing the kernel's stored value. */
    public static RandomMatch of(String text, boolean negated) {
        double p = Double.parseDouble(text);
        return new RandomMatch(text, Math.round(Math.floor(p * SCALE + 0.5)), negated);
    }

    /** Exact probability that the kernel's test succeeds (before negation). */
    public double probability() {
        return Math.min(1.0, (double) kernelValue / SCALE);
    }

    /** The text {@code iptables-save} prints: {@code %.11f} of the stored value. */
    public String savedText() {
        return new BigDecimal(kernelValue).divide(BigDecimal.valueOf(SCALE)).setScale(11, RoundingMode.HALF_EVEN).toPlainString();
    }
}
