package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import java.util.List;
import java.util.regex.Pattern;

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

    private static final Pattern INLINE_COUNTERS = Pattern.compile("(^|\\s)(-c|--set-counters)(\\s|$)");

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
                    appendRule(sb, t.name(), c.name(), r, ruleset);
                }
            }
            sb.append("COMMIT\n");
        }
        return sb.toString();
    }

    private static void appendRule(StringBuilder sb, String table, String chain, Rule r, Ruleset ruleset) {
        String args = r.writtenText() != null ? r.writtenText()
                : KernelCanonicalizer.ruleArgs(r, ruleset.family(), MarkStyle.KERNEL);
        if (r.counters() != null && !(r.writtenText() != null && hasInlineCounters(r.writtenText(), table, ruleset))) {
            sb.append(r.counters()).append(' ');
        }
        sb.append("-A ").append(chain);
        if (!args.isEmpty()) {
            sb.append(' ').append(args);
        }
        sb.append('\n');
    }

    /**
     * True if written rule arguments give the counters themselves ({@code -c PKTS BYTES}); found by reading them as
     * iptables does, since a {@code -c} can also be an option's value.
     */
    static boolean hasInlineCounters(String written, String table, Ruleset ruleset) {
        if (!INLINE_COUNTERS.matcher(written).find()) {
            return false;
        }
        LineScope scope = new LineScope(new ParseContext(ruleset.family(), new Diagnostics()), "<written>", 1);
        try {
            List<Token> tokens = LineTokenizer.tokenize(written, 0, scope);
            return RuleSpecParser.parse(tokens, 0, table, scope).counters() != null;
        } catch (LineError e) {
            return false;
        }
    }
}
