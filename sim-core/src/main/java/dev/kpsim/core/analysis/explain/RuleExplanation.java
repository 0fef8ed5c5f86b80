package dev.kpsim.core.analysis.explain;

/**
 * Why kube-proxy writes one rule: its role key (see {@link dev.kpsim.core.netfilter.restore.RuleRoles}), the reason in
 * plain words, and whether the role was read from the rule's provenance (a rule kpsim generated) or inferred from
 * kube-proxy's comment and chain name (a rule read from a real node's dump).
 */
public record RuleExplanation(String role, String reason, boolean inferred) {

    /** {@code reason}, followed by {@code [role]} or {@code [role, inferred]}. */
    public String text() {
        return reason + " [" + role + (inferred ? ", inferred" : "") + "]";
    }
}
