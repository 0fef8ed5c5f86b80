package dev.kpsim.cli.sections;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.scenarios.raw.RawNode;
import dev.kpsim.scenarios.raw.RawNode.RawList;
import dev.kpsim.scenarios.raw.RawNode.RawMap;
import dev.kpsim.scenarios.raw.RawNode.RawScalar;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Typed access to {@link RawNode}s with located errors ({@code FILE:LINE:COLUMN: message}, stable codes). */
final class Raw {
    private Raw() {
    }

    static BadInputException bad(SourceLocation at, String code, String message) {
        return new BadInputException(at, code, message);
    }

    static RawMap map(RawNode n, String what) {
        if (n instanceof RawMap m) {
            return m;
        }
        throw bad(n.location(), "bad-value", what + " must be a mapping");
    }

    static List<RawNode> list(RawNode n, String what) {
        if (n instanceof RawList l) {
            return l.items();
        }
        throw bad(n.location(), "bad-value", what + " must be a list");
    }

    /** The elements of a list, or the node itself when a single item is written. */
    static List<RawNode> listOrOne(RawNode n) {
        return n instanceof RawList l ? l.items() : List.of(n);
    }

    static String text(RawNode n, String what) {
        if (n instanceof RawScalar s && s.text() != null) {
            return s.text();
        }
        throw bad(n.location(), "bad-value", what + " must be a single value");
    }

    static Optional<String> optText(RawMap m, String key) {
        return m.get(key).map(n -> text(n, key));
    }

    static String reqText(RawMap m, String key, String where) {
        return text(m.get(key).orElseThrow(() -> bad(m.location(), "missing-field", where + " needs '" + key + "'")), key);
    }

    static int integer(RawNode n, String what) {
        String t = text(n, what);
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            throw bad(n.location(), "bad-value", what + " must be a whole number, was '" + t + "'");
        }
    }

    static double number(RawNode n, String what) {
        String t = text(n, what).trim();
        try {
            return t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw bad(n.location(), "bad-value", what + " must be a number or a percentage, was '" + t + "'");
        }
    }

    static boolean bool(RawNode n, String what) {
        String t = text(n, what).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(n.location(), "bad-value", what + " must be true or false, was '" + t + "'");
        };
    }

    /** Rejects keys outside {@code known}, naming the closest known key. */
    static void onlyKeys(RawMap m, Set<String> known, String where) {
        for (String k : m.entries().keySet()) {
            if (!known.contains(k)) {
                String hint = known.stream().min(java.util.Comparator.comparingInt(x -> distance(x, k)))
                        .filter(x -> distance(x, k) <= 3).map(x -> " (did you mean '" + x + "'?)").orElse("");
                throw bad(m.keyLocations().getOrDefault(k, m.location()), "unknown-field", "unknown field '" + k + "' in "
                        + where + hint + "; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + c);
            }
        }
        return d[a.length()][b.length()];
    }

    /** Go-style durations ({@code 30s}, {@code 5m}, {@code 3h}, {@code 1h30m}, {@code 250ms}) or whole seconds, in milliseconds. */
    static long durationMillis(RawNode n, String what) {
        String t = text(n, what).trim();
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
            return Long.parseLong(t) * 1000;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|h|m|s)").matcher(t);
        long total = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            long v = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> v * 3_600_000;
                case "m" -> v * 60_000;
                case "s" -> v * 1000;
                default -> v;
            };
            at = m.end();
        }
        if (at != t.length() || t.isEmpty()) {
            throw bad(n.location(), "bad-value", what + " must be a duration such as 30s, 5m, 3h or 1h30m, was '" + t + "'");
        }
        return total;
    }
}
