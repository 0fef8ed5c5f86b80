package dev.kpsim.scenarios.read;

import java.util.Collection;
import java.util.Optional;

/**
 * Optimal-string-alignment edit distance (insertions, deletions, substitutions and adjacent transpositions each
 * cost 1), used to suggest the field or value a user probably meant, as compilers do for misspelt names.
 */
public final class EditDistance {

    /** Suggestions are made for candidates at most this far away. */
    public static final int SUGGESTION_DISTANCE = 2;

    private EditDistance() {
    }

    /** The distance between {@code a} and {@code b}. O(|a|·|b|). */
    public static int between(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }

    /**
     * The candidate closest to {@code word} within {@link #SUGGESTION_DISTANCE} (case-insensitive equality counts
     * as distance 0 for a differently cased word); the first in iteration order on ties; empty if none is close.
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int dist = c.equalsIgnoreCase(word) ? 0 : between(word, c);
            if (dist <= SUGGESTION_DISTANCE && dist < bestDistance && !c.equals(word)) {
                best = c;
                bestDistance = dist;
            }
        }
        return Optional.ofNullable(best);
    }
}
