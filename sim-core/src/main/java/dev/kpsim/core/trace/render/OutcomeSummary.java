package dev.kpsim.core.trace.render;

import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;

/**
 * One plain-words sentence saying how an outcome ended: "DNAT to 10.244.1.7:9376 via KUBE-SVC-NWV5X2332I4OT4T3,
 * masqueraded: no". "via" names the chain that chose the chain holding the DNAT rule (kube-proxy's KUBE-SVC-/SVL-
 * chain for a KUBE-SEP- DNAT).
 */
public final class OutcomeSummary {
    private OutcomeSummary() {
    }

    public static String describe(Outcome o) {
        List<Step> hops = o.hops();
        StringBuilder sb = new StringBuilder();
        Step.RuleStep nat = lastDnatRule(hops);
        boolean trackedDnat = hops.stream().anyMatch(s -> s instanceof Step.TransformStep t && t.kind().equals("conntrack DNAT"));
        if (o.verdict() == Verdict.ACCEPT) {
            if (nat != null) {
                sb.append(nat.action().startsWith("REDIRECT") ? "REDIRECT to " : "DNAT to ").append(o.destination())
                        .append(" via ").append(via(hops, nat));
            } else if (trackedDnat) {
                sb.append("DNAT to ").append(o.destination()).append(" (translation of an existing connection)");
            } else {
                sb.append("ACCEPT to ").append(o.destination()).append(" (no DNAT)");
            }
            sb.append(", masqueraded: ").append(o.masquerade() ? "yes" : "no");
            if (o.masquerade() && o.newSource() != null) {
                sb.append(" (source ").append(o.newSource()).append(')');
            }
        } else {
            sb.append(o.verdict().name());
            if (o.destination() != null) {
                sb.append(" after DNAT to ").append(o.destination());
            }
            Step last = lastDecisive(hops);
            if (last instanceof Step.RuleStep r) {
                sb.append(" in ").append(r.table()).append(':').append(r.chain()).append(" rule ").append(r.ruleNumber());
            } else if (last instanceof Step.PolicyStep p) {
                sb.append(" by the policy of ").append(p.table()).append(':').append(p.chain());
            }
        }
        if (o.uncertain()) {
            sb.append(", uncertain: depends on a construct kpsim does not model");
        }
        return sb.toString();
    }

    private static Step.RuleStep lastDnatRule(List<Step> hops) {
        Step.RuleStep found = null;
        for (Step s : hops) {
            if (s instanceof Step.RuleStep r && (r.action().equals("DNAT") || r.action().equals("REDIRECT"))) {
                found = r;
            }
        }
        return found;
    }

    private static String via(List<Step> hops, Step.RuleStep nat) {
        int at = hops.indexOf(nat);
        for (int i = at - 1; i >= 0; i--) {
            if (hops.get(i) instanceof Step.RuleStep r
                    && (r.action().equals("jump " + nat.chain()) || r.action().equals("goto " + nat.chain()))) {
                return r.chain();
            }
        }
        return nat.chain();
    }

    private static Step lastDecisive(List<Step> hops) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            Step s = hops.get(i);
            if (s instanceof Step.RuleStep r && (r.action().equals("DROP") || r.action().startsWith("REJECT"))) {
                return r;
            }
            if (s instanceof Step.PolicyStep p && p.policy().equals("DROP")) {
                return p;
            }
        }
        return null;
    }
}
