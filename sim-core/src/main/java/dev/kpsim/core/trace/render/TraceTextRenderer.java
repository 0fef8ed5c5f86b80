package dev.kpsim.core.trace.render;

import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.TraceResult;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link TraceResult} as text in the manner of {@code xtables-monitor --trace}: one
 * {@code TRACE: table:chain:rule:N <rule as iptables-save prints it>} line per matching rule, {@code policy:} and
 * {@code return:} lines where chains end, the probabilistic choices ({@code statistic p=0.3333 (taken)}), the
 * translations ({@code DNAT 10.0.1.175:80 -> 10.244.1.7:9376}; both ends when a proxy's new connection replaced
 * them), conntrack and routing decisions, then a plain-words
 * {@code SUMMARY:}. With several outcomes ({@code --all-branches}) it prints one block per outcome with its
 * probability. Deterministic: the same result gives the same text.
 */
public final class TraceTextRenderer {
    private TraceTextRenderer() {
    }

    /**
     * @param withProbabilities print an {@code OUTCOME i of n: probability p} header per outcome (all-branches mode);
     *                          otherwise outcomes are printed one after another without header
     */
    public static String render(TraceResult result, boolean withProbabilities) {
        return render(result, withProbabilities, s -> java.util.Optional.empty());
    }

    /**
     * As {@link #render(TraceResult, boolean)}, with a {@code WHY: …} line under each matching rule for which
     * {@code why} has a text ({@code kpsim trace --explain}).
     */
    public static String render(TraceResult result, boolean withProbabilities,
                                java.util.function.Function<Step, java.util.Optional<String>> why) {
        StringBuilder sb = new StringBuilder();
        sb.append("PACKET: ").append(describe(result.packet())).append(" on ")
                .append(result.node() == null || result.node().isEmpty() ? "the node" : result.node())
                .append(", entering at ").append(result.entry()).append('\n');
        List<Outcome> outs = result.outcomes();
        for (int i = 0; i < outs.size(); i++) {
            Outcome o = outs.get(i);
            String indent = withProbabilities ? "  " : "";
            if (withProbabilities) {
                sb.append('\n').append("OUTCOME ").append(i + 1).append(" of ").append(outs.size()).append(": probability ")
                        .append(String.format(Locale.ROOT, "%.6f", o.probability())).append('\n');
            }
            steps(sb, o.hops(), indent, why);
            sb.append(indent).append("VERDICT: ").append(o.verdict()).append('\n');
            sb.append(indent).append("SUMMARY: ").append(OutcomeSummary.describe(o)).append('\n');
        }
        return sb.toString();
    }

    /** {@code tcp 10.244.3.6:40000 > 10.0.1.175:80} (with the mark when set). */
    public static String describe(Packet p) {
        return p.toString();
    }

    private static void steps(StringBuilder sb, List<Step> hops, String indent,
                              java.util.function.Function<Step, java.util.Optional<String>> why) {
        for (int i = 0; i < hops.size(); i++) {
            Step s = hops.get(i);
            String line;
            Step explained = null;
            if (s instanceof Step.BranchStep b) {
                double pMatch = b.taken() ? b.probability() : 1.0 - b.probability();
                String stat = "statistic p=" + String.format(Locale.ROOT, "%.4f", pMatch);
                Step next = i + 1 < hops.size() ? hops.get(i + 1) : null;
                if (b.taken() && next instanceof Step.RuleStep r && r.table().equals(b.table())
                        && r.chain().equals(b.chain()) && r.ruleNumber() == b.ruleNumber()) {
                    line = ruleLine(r) + " " + stat + " (taken)";
                    explained = r;
                    i++;
                } else {
                    line = "TRACE: " + b.table() + ":" + b.chain() + ":rule:" + b.ruleNumber() + " " + stat
                            + (b.taken() ? " (taken; a later match of the rule failed)" : " (not taken)");
                }
            } else if (s instanceof Step.RuleStep r) {
                line = ruleLine(r);
                explained = r;
            } else if (s instanceof Step.PolicyStep p) {
                line = "TRACE: " + p.table() + ":" + p.chain() + (p.policy().equals("RETURN") ? ":return:" : ":policy:" + p.policy());
            } else if (s instanceof Step.HookStep h) {
                line = "HOOK: " + h.hook();
            } else if (s instanceof Step.ChainStep) {
                continue;
            } else if (s instanceof Step.TransformStep t) {
                line = transform(t);
            } else if (s instanceof Step.ConntrackStep c) {
                line = "CONNTRACK: " + c.state() + " (" + c.detail() + ")";
            } else if (s instanceof Step.RoutingStep r) {
                line = "ROUTE: " + r.decision() + " (" + r.reason() + ")";
            } else if (s instanceof Step.ModeStep m) {
                line = m.mode().toUpperCase(Locale.ROOT) + ": " + m.description();
            } else {
                Step.UncertainStep u = (Step.UncertainStep) s;
                line = "UNCERTAIN: " + u.construct() + ": " + u.reason();
            }
            sb.append(indent).append(line).append('\n');
            if (explained != null) {
                why.apply(explained).ifPresent(w -> sb.append(indent).append("  WHY: ").append(w).append('\n'));
            }
        }
    }

    private static String ruleLine(Step.RuleStep r) {
        return "TRACE: " + r.table() + ":" + r.chain() + ":rule:" + r.ruleNumber() + " " + r.ruleText();
    }

    private static String transform(Step.TransformStep t) {
        Packet a = t.before();
        Packet b = t.after();
        if (a == null || b == null) {
            return t.kind();
        }
        boolean dst = !a.destinationHostPort().equals(b.destinationHostPort());
        if (dst && !a.sourceHostPort().equals(b.sourceHostPort())) {
            return t.kind() + " " + a.sourceHostPort() + " > " + a.destinationHostPort() + " -> " + b.sourceHostPort()
                    + " > " + b.destinationHostPort();
        }
        if (dst) {
            return t.kind() + " " + a.destinationHostPort() + " -> " + b.destinationHostPort();
        }
        if (!a.sourceHostPort().equals(b.sourceHostPort())) {
            return t.kind() + " " + a.sourceHostPort() + " -> " + b.sourceHostPort();
        }
        return t.kind() + " 0x" + Integer.toHexString(a.mark()) + " -> 0x" + Integer.toHexString(b.mark());
    }
}
