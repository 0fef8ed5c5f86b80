package dev.kpsim.scenarios.doc;

import java.util.Set;

/**
 * How YAML 1.1's implicit resolution (SnakeYAML's {@code Resolver}, as go-yaml v2 types {@code kubectl}'s input)
 * types some plain scalars, decided without its regular expressions. The resolver only tries the patterns
 * registered for a scalar's first character: for an ASCII letter, only the bool words (first letter one of
 * {@code yYnNtTfFoO}) and the null words ({@code nN}), all of at most 5 characters; none of its int, float,
 * timestamp or null patterns admits a {@code /} or two dots; and a decimal integer without a leading zero is
 * an int (its first pattern for a digit). Used when reading and writing large inputs, where the regular
 * expressions are most of the typing cost.
 */
public final class PlainScalars {
    /** The words the bool and null patterns match among scalars starting with a letter. */
    private static final Set<String> WORDS = Set.of("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
            "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL");

    private PlainScalars() {
    }

    /** True if the plain scalar {@code s} resolves to {@code tag:yaml.org,2002:str} whatever else it holds. */
    public static boolean surelyString(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')) {
            return s.length() > 5 || "yYnNtTfFoO".indexOf(first) < 0 || !WORDS.contains(s);
        }
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/') {
                return true;
            }
            if (c == '.' && ++dots == 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if the plain scalar {@code s} is {@code 0} or a decimal of at most 9 digits without a leading zero,
     * which resolves to {@code tag:yaml.org,2002:int} and fits an {@code int}.
     */
    public static boolean smallDecimal(String s) {
        int n = s.length();
        if (n == 0 || n > 9 || (s.charAt(0) == '0' && n > 1)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
