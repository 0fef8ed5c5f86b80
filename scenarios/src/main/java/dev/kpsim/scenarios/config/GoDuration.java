package dev.kpsim.scenarios.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalLong;

/**
 * Go's {@code time.ParseDuration} syntax, which {@code metav1.Duration} fields of a KubeProxyConfiguration use:
 * a sequence of decimal numbers with units {@code ns us µs ms s m h} ({@code 900s}, {@code 15m0s},
 * {@code 1h2m3.5s}), an optional sign, or a bare {@code 0}.
 */
public final class GoDuration {
    private GoDuration() {
    }

    /** The duration in whole seconds (truncated toward zero, as kube-proxy's {@code int(d.Seconds())}); empty if malformed. */
    public static OptionalLong parseSeconds(String text) {
        if (text == null || text.isEmpty()) {
            return OptionalLong.empty();
        }
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return OptionalLong.of(0);
        }
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                return OptionalLong.empty();
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> -1L;
            };
            if (unit < 0) {
                return OptionalLong.empty();
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        long seconds = nanos.divide(BigDecimal.valueOf(1_000_000_000L), 0, RoundingMode.DOWN).longValueExact();
        return OptionalLong.of(negative ? -seconds : seconds);
    }
}
