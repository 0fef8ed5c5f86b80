package dev.kpsim.core.analysis.graph;

import dev.kpsim.core.diag.SourceLocation;

/**
 * One problem lint found in a ruleset's graph, located at a chain (rule 0) or a rule.
 *
 * @param ruleText the rule as printed, for rule-level findings; null otherwise
 */
public record LintFinding(Kind kind, Severity severity, String table, String chain, int rule, String message,
                          String ruleText, SourceLocation location) {

    /** What lint checks. */
    public enum Kind {
        /** A jump or goto to a chain the ruleset does not have (iptables-restore refuses it; dumps keep it). */
        DANGLING_JUMP,
        /** A regular chain nothing jumps to: it never runs. */
        UNUSED_CHAIN,
        /** Chains that jump to each other in a cycle (the kernel refuses loops: ELOOP). */
        LOOP,
        /** A rule after an earlier rule that already decides every packet it could match. */
        SHADOWED_RULE,
        /** A rule whose own conditions exclude each other. */
        CONTRADICTORY_RULE
    }

    /** How bad it is. */
    public enum Severity {
        ERROR, WARNING, INFO
    }

    /** {@code nat:KUBE-SVC-… rule 3} or {@code nat:KUBE-SVC-…}. */
    public String where() {
        return table + ":" + chain + (rule > 0 ? " rule " + rule : "");
    }
}
