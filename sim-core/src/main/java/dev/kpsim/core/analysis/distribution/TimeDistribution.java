package dev.kpsim.core.analysis.distribution;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A distribution of durations for the workload of {@code kpsim simulate}: {@code fixed:10s} (always 10 s) or
 * {@code exp:10s} (exponential with mean 10 s, i.e. Poisson arrivals when used for gaps between connections). Units
 * {@code ms}, {@code s}, {@code m}, {@code h}; fractions allowed ({@code 1.5s}). Samples are whole milliseconds, drawn
 * from the caller's seeded source. Immutable.
 *
 * @param exponential false for a fixed value
 * @param meanMillis  the fixed value, or the exponential's mean, in milliseconds
 */
public record TimeDistribution(boolean exponential, long meanMillis) {

    /** Always 0: connections at the same instant, or a connection without a planned lifetime. */
    public static final TimeDistribution ZERO = new TimeDistribution(false, 0);

    public TimeDistribution {
        if (meanMillis < 0) {
            throw new IllegalArgumentException("a duration cannot be negative, was " + meanMillis + " ms");
        }
    }

    /**
     * Parses {@code fixed:DURATION} or {@code exp:DURATION} (a bare {@code DURATION} means fixed).
     *
     * @param option the flag the text came from, for the error message
     * @throws BadInputException if the text is not such a distribution
     */
    public static TimeDistribution parse(String text, String option) {
        String t = text.trim();
        boolean exp = false;
        if (t.startsWith("exp:")) {
            exp = true;
            t = t.substring(4);
        } else if (t.startsWith("fixed:")) {
            t = t.substring(6);
        }
        return new TimeDistribution(exp, millis(t, text, option));
    }

    private static long millis(String t, String whole, String option) {
        String unit;
        String number;
        if (t.endsWith("ms")) {
            unit = "ms";
            number = t.substring(0, t.length() - 2);
        } else if (!t.isEmpty() && "smh".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = t.substring(t.length() - 1);
            number = t.substring(0, t.length() - 1);
        } else {
            throw bad(whole, option);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw bad(whole, option);
        }
        long factor = switch (unit) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        BigDecimal ms = value.multiply(BigDecimal.valueOf(factor));
        if (ms.signum() < 0 || ms.compareTo(BigDecimal.valueOf(365L * 86_400_000L)) > 0) {
            throw bad(whole, option);
        }
        return ms.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    private static BadInputException bad(String text, String option) {
        return new BadInputException(SourceLocation.ofFile("kpsim"), "bad-duration", option + " '" + text
                + "' is not a duration distribution; use fixed:10s or exp:10s (units ms, s, m, h; at most a year)");
    }

    /** One sample in milliseconds: the fixed value, or {@code round(-mean · ln(1 - U))}. */
    public long sample(SplittableRandom random) {
        if (!exponential || meanMillis == 0) {
            return meanMillis;
        }
        return Math.round(-meanMillis * Math.log(1.0 - random.nextDouble()));
    }

    /** {@code fixed:10s}, {@code exp:1.5s}, {@code fixed:250ms}. */
    @Override
    public String toString() {
        String v;
        if (meanMillis % 1000 == 0) {
            v = meanMillis / 1000 + "s";
        } else if (meanMillis >= 1000) {
            v = BigDecimal.valueOf(meanMillis, 3).stripTrailingZeros().toPlainString() + "s";
        } else {
            v = meanMillis + "ms";
        }
        return (exponential ? "exp:" : "fixed:") + v.toLowerCase(Locale.ROOT);
    }
}
