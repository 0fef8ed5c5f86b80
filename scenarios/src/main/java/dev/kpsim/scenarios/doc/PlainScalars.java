package dev.kpsim.scenarios.doc;

/**
 * Which plain YAML scalars YAML 1.1's implicit resolution (SnakeYAML's {@code Resolver}, as go-yaml v2 types
 * {@code kubectl}'s input) can only read as strings, decided without its regular expressions: its bool and null
 * words are at most 5 characters and start with a letter, and none of its int, float, timestamp or null patterns
 * admits a {@code /} or two dots. Used when reading and writing large inputs, where the regular expressions are
 * most of the typing cost.
 */
public final class PlainScalars {
    private PlainScalars() {
    }

    /** True if the plain scalar {@code s} resolves to {@code tag:yaml.org,2002:str} whatever else it holds. */
    public static boolean surelyString(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        if (s.length() > 5 && ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return true;
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
}
