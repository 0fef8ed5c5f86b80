package dev.kpsim.mode.nftables.text;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nft time values: {@code 10800s} (as knftables writes them), {@code 3h}, {@code 1h1m1s}, {@code 1d}, {@code 500ms}.
 * {@link #list} prints like nft's {@code time_print}: days, hours, minutes, seconds, milliseconds, zero parts omitted.
 */
public final class NftDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private NftDuration() {
    }

    public static Optional<Duration> parse(String text) {
        if (text.matches("\\d+")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        Matcher m = PART.matcher(text);
        long ms = 0;
        int at = 0;
        while (m.find()) {
            if (m.start() != at) {
                return Optional.empty();
            }
            long v = Long.parseLong(m.group(1));
            ms += switch (m.group(2)) {
                case "d" -> v * 86_400_000L;
                case "h" -> v * 3_600_000L;
                case "m" -> v * 60_000L;
                case "s" -> v * 1000L;
                default -> v;
            };
            at = m.end();
        }
        return at == text.length() && at > 0 ? Optional.of(Duration.ofMillis(ms)) : Optional.empty();
    }

    /** {@code 3h}, {@code 1d}, {@code 1h1m1s}. */
    public static String list(Duration d) {
        long ms = d.toMillis();
        StringBuilder b = new StringBuilder();
        long days = ms / 86_400_000L;
        ms %= 86_400_000L;
        long hours = ms / 3_600_000L;
        ms %= 3_600_000L;
        long minutes = ms / 60_000L;
        ms %= 60_000L;
        long seconds = ms / 1000L;
        ms %= 1000L;
        if (days > 0) {
            b.append(days).append('d');
        }
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (minutes > 0) {
            b.append(minutes).append('m');
        }
        if (seconds > 0) {
            b.append(seconds).append('s');
        }
        if (ms > 0) {
            b.append(ms).append("ms");
        }
        return b.toString();
    }

    /** {@code 10800s}, as knftables writes timeouts (milliseconds fall back to {@link #list}). */
    public static String input(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : list(d);
    }
}
