package dev.kpsim.mode.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of one restore line, joined with single spaces as kube-proxy's {@code LineBuffer.Write} does. Quotes
 * appear only where kube-proxy put them into a word ({@link #quoted}). Mutable builder, used within one rule.
 */
final class RuleArgs {
    private final List<String> words = new ArrayList<>(24);

    private RuleArgs() {
    }

    /** {@code -A chain}. */
    static RuleArgs append(String chain) {
        RuleArgs a = new RuleArgs();
        a.words.add("-A");
        a.words.add(chain);
        return a;
    }

    /** Words without the {@code -A CHAIN} prefix (for built-in chain rules). */
    static RuleArgs bare() {
        return new RuleArgs();
    }

    RuleArgs add(String... ws) {
        for (String w : ws) {
            words.add(w);
        }
        return this;
    }

    RuleArgs addAll(List<String> ws) {
        words.addAll(ws);
        return this;
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
        RuleArgs a = new RuleArgs();
        a.words.addAll(words);
        return a;
    }

    String text() {
        return String.join(" ", words);
    }

    /** {@code "text"}: kube-proxy's {@code fmt.Sprintf(`"%s ..."`)} comments. */
    static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
