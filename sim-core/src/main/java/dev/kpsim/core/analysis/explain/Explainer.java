package dev.kpsim.core.analysis.explain;

import dev.kpsim.core.netfilter.restore.RuleRoles;
import dev.kpsim.core.trace.Step;
import java.util.Optional;

/**
 * Explains the rules a trace meets: for each matching rule, why kube-proxy writes it. A generated rule's
 * {@link dev.kpsim.core.netfilter.restore.Provenance} names its role; a rule from a real dump has none and its role is
 * {@linkplain RoleInference inferred} from kube-proxy's comment and chain-name patterns. A rule that is not one of
 * kube-proxy's (another agent's, a CNI's) gets no explanation. Stateless; O(rule text length) per rule.
 */
public final class Explainer {
    private Explainer() {
    }

    /** Why the rule of {@code step} exists, if kpsim knows. */
    public static Optional<RuleExplanation> explain(Step.RuleStep step) {
        return explain(step.table(), step.chain(), step.ruleText(),
                step.provenance() == null ? null : step.provenance().role());
    }

    /**
     * Why a rule exists.
     *
     * @param role the provenance role if the rule has one (null for rules read from dumps)
     */
    public static Optional<RuleExplanation> explain(String table, String chain, String ruleText, String role) {
        if (role != null && RuleRoles.known(role)) {
            return Optional.of(new RuleExplanation(role, RuleRoles.describe(role), false));
        }
        return RoleInference.infer(table, chain, ruleText).filter(RuleRoles::known)
                .map(r -> new RuleExplanation(r, RuleRoles.describe(r), true));
    }

    /** The explanation of a trace step: rule steps only (other steps speak for themselves). */
    public static Optional<RuleExplanation> explain(Step step) {
        return step instanceof Step.RuleStep r ? explain(r) : Optional.empty();
    }
}
