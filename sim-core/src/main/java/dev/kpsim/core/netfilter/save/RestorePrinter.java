package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import java.util.List;

/**
 * Prints a ruleset as restore input in the save layout: per table {@code *TABLE}, every chain line in the model's
 * order ({@code :CHAIN POLICY [p:b]}, {@code -} for user chains), the rules chain by chain, {@code COMMIT}. Each rule
 * prints its written arguments when it has them ({@link Rule#writtenText()}), else its canonical form
 * ({@link KernelCanonicalizer}); rule counters print as a {@code [p:b] } prefix unless the written text carries
 * {@code -c}.
 *
 * <p>Feeding the output to {@code iptables-restore} recreates the ruleset, and parsing it with
 * {@link IptablesParser#parseDump} gives a ruleset that prints the same bytes again; printing a parsed
 * {@code iptables-save} dump gives back the dump without its {@code #} comment lines.
 *
 * <p>O(rules). Stateless and thread-safe.
 */
public final class RestorePrinter {
    private RestorePrinter() {
    }

    public static String print(Ruleset ruleset) {
        StringBuilder sb = new StringBuilder(1 << 14);
        for (Table t : ruleset.tables()) {
            sb.append('*').append(t.name()).append('\n');
            for (Chain c : t.chains()) {
                Counters k = c.policyCounters() == null ? Counters.ZERO : c.policyCounters();
                sb.append(':').append(c.name()).append(' ').append(c.isBuiltin() ? c.policy() : "-").append(' ')
                        .append(k).append('\n');
            }
            for (Chain c : t.chains()) {
                for (Rule r : c.rules()) {
                    appendRule(sb, c.name(), r, ruleset);
                }
            }
            sb.append("COMMIT\n");
        }
        return sb.toString();
    }

    private static void appendRule(StringBuilder sb, String chain, Rule r, Ruleset ruleset) {
        String args = r.writtenText() != null ? r.writtenText()
                : KernelCanonicalizer.ruleArgs(r, ruleset.family(), MarkStyle.KERNEL);
        if (r.counters() != null && !(r.writtenText() != null && hasInlineCounters(r.writtenText()))) {
            sb.append(r.counters()).append(' ');
        }
        sb.append("-A ").append(chain);
        if (!args.isEmpty()) {
            sb.append(' ').append(args);
        }
        sb.append('\n');
    }

    /** True if written rule arguments contain {@code -c PKTS BYTES} themselves. */
    static boolean hasInlineCounters(String written) {
        LineScope scope = new LineScope(new ParseContext(null, new Diagnostics()), "<written>", 1);
        try {
            List<Token> tokens = LineTokenizer.tokenize(written, 0, scope);
            return tokens.stream().anyMatch(t -> !t.quoted() && (t.text().equals("-c") || t.text().equals("--set-counters")));
        } catch (LineError e) {
            return false;
        }
    }
}
