package dev.kpsim.mode.userspace.proxier;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The few Go formatting verbs the userspace proxier's log lines use, reproduced byte for byte: {@code %q} of a string
 * ({@code strconv.Quote}) and {@code %+v} / {@code %v} of a {@code []string} (elements space-separated inside
 * brackets, e.g. {@code [10.244.0.5:9376 10.244.0.6:9376]}).
 */
public final class GoFormat {
    private GoFormat() {
    }

    /** Go's {@code strconv.Quote}: double quotes, with {@code \"}, {@code \\}, control characters escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0B -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7F) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
                        sb.append(cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Go's {@code %v} (and {@code %+v}) of a slice: {@code [a b c]}, {@code []} when empty. */
    public static String slice(List<?> items) {
        return items.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
    }
}
