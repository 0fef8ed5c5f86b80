package dev.kpsim.mode.iptables;

/**
 * The two JSON primitives this mode needs: a string literal with RFC 8259 escaping, and {@code null} for absent
 * strings. Pure functions.
 */
final class Json {
    private Json() {
    }

    /** {@code "text"} with quotes, backslashes and control characters escaped; {@code null} for null. */
    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
