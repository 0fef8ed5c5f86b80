package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.save.KernelCanonicalizer;
import dev.kpsim.core.netfilter.save.MarkStyle;
import dev.kpsim.core.netfilter.target.NoTarget;
import java.util.List;

/**
 * A rule as one line of {@code iptables-save} ({@code -A CHAIN …}) for traces. A rule read from a dump or a restore
 * payload prints exactly as written; a rule built in code prints as the kernel gives it back
 * ({@link KernelCanonicalizer}: header part, then each {@code -m} module, then {@code -j}, with {@code /32}
 * prefixes, quoted comments, {@code --set-xmark V/M} marks and {@code %.11f} probabilities).
 */
public final class RuleText {
    private RuleText() {
    }

    /** {@code -A CHAIN ARGS}. */
    public static String format(String chain, Rule rule, IpFamily family) {
        String args = rule.writtenText() != null ? rule.writtenText()
                : KernelCanonicalizer.ruleArgs(rule, family, MarkStyle.KERNEL);
        return args.isEmpty() ? "-A " + chain : "-A " + chain + " " + args;
    }

    /** One match as {@code iptables-save} prints it (for naming an unmodeled construct in a trace). */
    static String match(Match m, IpFamily family) {
        return KernelCanonicalizer.ruleArgs(new Rule(List.of(m), NoTarget.INSTANCE, null, null, null, null), family,
                MarkStyle.KERNEL);
    }
}
