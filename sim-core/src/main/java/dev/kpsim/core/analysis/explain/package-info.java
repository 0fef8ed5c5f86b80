/**
 * Teaching: why kube-proxy writes each rule. {@link dev.kpsim.core.analysis.explain.Explainer} turns a rule (from a
 * trace step or a ruleset) into a {@link dev.kpsim.core.analysis.explain.RuleExplanation} from its provenance role, or,
 * for real dumps, from {@link dev.kpsim.core.analysis.explain.RoleInference} over kube-proxy's comments and chain names;
 * {@link dev.kpsim.core.analysis.explain.ChainRoles} says what each chain is for. {@code trace --explain}, {@code graph}
 * and {@code doctor} share these texts.
 */
package dev.kpsim.core.analysis.explain;
