package dev.kpsim.core.text;

/**
 * The words a tokenizer meets again and again — option names, targets, keywords, kube-proxy's chain names — so that
 * a token equal to one of them is returned as one shared instance instead of a fresh substring: a dump of 300,000
 * rules then holds each such word once, and later comparisons find equal references. An open-addressing table of
 * the words by {@link String#hashCode()}, looked up without building the substring first. Immutable and thread-safe.
 */
public final class CommonWords {
    private final String[] table;
    private final int mask;
    private final int longest;

    public CommonWords(String... words) {
        int capacity = Integer.highestOneBit(Math.max(16, words.length * 4) - 1) << 1;
        table = new String[capacity];
        mask = capacity - 1;
        int max = 0;
        for (String w : words) {
            max = Math.max(max, w.length());
            int k = w.hashCode() & mask;
            while (table[k] != null && !table[k].equals(w)) {
                k = (k + 1) & mask;
            }
            table[k] = w;
        }
        longest = max;
    }

    /** {@code text.substring(from, to)}, as the shared instance when it is one of the words. */
    public String word(String text, int from, int to) {
        int len = to - from;
        if (len > longest) {
            return text.substring(from, to);
        }
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text.charAt(i);
        }
        for (int k = h & mask; table[k] != null; k = (k + 1) & mask) {
            String w = table[k];
            if (w.length() == len && text.regionMatches(from, w, 0, len)) {
                return w;
            }
        }
        return text.substring(from, to);
    }
}
