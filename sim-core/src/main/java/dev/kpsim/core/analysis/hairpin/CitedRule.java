package dev.kpsim.core.analysis.hairpin;

/**
 * A rule a hairpin verdict rests on.
 *
 * @param where {@code nat:KUBE-SEP-… rule 1}
 * @param text  the rule as the tool prints it
 * @param why   why kube-proxy writes it (see {@link dev.kpsim.core.analysis.explain.Explainer}), or empty
 */
public record CitedRule(String where, String text, String why) {
}
