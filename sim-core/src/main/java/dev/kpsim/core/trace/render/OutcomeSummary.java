package dev.kpsim.core.trace.render;

import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;

/**
 * One plain-words sentence saying how an outcome ended: "DNAT to 10.244.1.7:9376 via KUBE-SVC-NWV5X2332I4OT4T3,
 * masqueraded: no". "via" names the chain that chose the chain holding the DNAT rule (kube-proxy's KUBE-SVC-/SVL-
 * chain for a KUBE-SEP- DNAT). A translation made after that by something other than a netfilter rule (IPVS, a
 * proxy's new connection) is named by its kind: "IPVS DNAT to 10.244.0.7:9376 (was 10.0.1.175:80)"; a translation
 * that replaced the source too is a proxy's own connection: "userspace proxy to …, a new connection from …".
 */
public final class OutcomeSummary {
    private OutcomeSummary() {
    }

    public static String describe(Outcome o) {
        List<Step> hops = o.hops();
        StringBuilder sb = new StringBuilder();
        Step.RuleStep nat = lastDnatRule(hops);
        boolean trackedDnat = hops.stream().anyMatch(s -> s instanceof Step.TransformStep t && t.kind().equals("conntrack DNAT"));
        Step.TransformStep other = lastOtherTranslation(hops);
        if (other != null && nat != null && hops.lastIndexOf(other) < hops.lastIndexOf(nat)) {
            other = null;
        }
        boolean proxied = other != null && !other.before().sourceHostPort().equals(other.after().sourceHostPort());
        if (o.verdict() == Verdict.ACCEPT && proxied) {
            sb.append(other.kind()).append(" to ").append(o.destination()).append(", a new connection from ")
                    .append(o.newSource()).append(" (the endpoint does not see the client's address)");
            if (o.uncertain()) {
                sb.append(", uncertain: depends on a construct kpsim does not model");
            }
            return sb.toString();
        }
        if (o.verdict() == Verdict.ACCEPT) {
            if (other != null) {
                sb.append(other.kind()).append(" to ").append(o.destination()).append(" (was ")
                        .append(other.before().destinationHostPort()).append(')');
            } else if (nat != null) {
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
            } else if (!hops.isEmpty() && hops.get(hops.size() - 1) instanceof Step.ModeStep m) {
                sb.append(" by ").append(m.mode()).append(": ").append(m.description());
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

    /** The last destination change that no netfilter rule or conntrack made (IPVS, a proxy's hand-off). */
    private static Step.TransformStep lastOtherTranslation(List<Step> hops) {
        Step.TransformStep found = null;
        for (Step s : hops) {
            if (s instanceof Step.TransformStep t && t.before() != null && t.after() != null
                    && !NETFILTER_DESTINATION_KINDS.contains(t.kind())
                    && !t.before().destinationHostPort().equals(t.after().destinationHostPort())) {
                found = t;
            }
        }
        return found;
    }

    /** The translations of destinations that netfilter itself makes (rules, and conntrack replaying them). */
    private static final java.util.Set<String> NETFILTER_DESTINATION_KINDS = java.util.Set.of("DNAT", "REDIRECT",
            "conntrack DNAT", "conntrack un-SNAT");

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
