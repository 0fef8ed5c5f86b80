package dev.kpsim.mode.iptables;

import java.util.List;

/**
 * The words of one restore line, joined with single spaces as kube-proxy's {@code LineBuffer.Write} does. Quotes
 * appear only where kube-proxy put them into a word ({@link #quoted}). Mutable builder, used within one rule; the
 * line is built as it goes (a 10,000-service payload has 320,000 of them).
 */
final class RuleArgs {
    private final StringBuilder line;
    private int words;

    private RuleArgs() {
        line = new StringBuilder(128);
    }

    private RuleArgs(RuleArgs other) {
        line = new StringBuilder(other.line.length() + 64).append(other.line);
        words = other.words;
    }

    /** {@code -A chain}. */
    static RuleArgs append(String chain) {
        RuleArgs a = new RuleArgs();
        a.word("-A");
        a.word(chain);
        return a;
    }

    /** Words without the {@code -A CHAIN} prefix (for built-in chain rules). */
    static RuleArgs bare() {
        return new RuleArgs();
    }

    RuleArgs add(String... ws) {
        for (String w : ws) {
            word(w);
        }
        return this;
    }

    RuleArgs addAll(List<String> ws) {
        for (String w : ws) {
            word(w);
        }
        return this;
    }

    private void word(String w) {
        if (words++ > 0) {
            line.append(' ');
        }
        line.append(w);
    }

    /** {@code -m comment --comment <text>}, the text taken as written (already quoted if needed). */
    RuleArgs comment(String text) {
        return add("-m", "comment", "--comment", text);
    }

    /** {@code -m proto -p proto}, kube-proxy's protocol pair. */
    RuleArgs protocol(String proto) {
        return add("-m", proto, "-p", proto);
    }

    /** {@code -j target}. */
    RuleArgs jump(String target) {
        return add("-j", target);
    }

    RuleArgs copy() {
        return new RuleArgs(this);
    }

    String text() {
        return line.toString();
    }

    /** {@code "text"}: kube-proxy's {@code fmt.Sprintf(`"%s ..."`)} comments. */
    static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
