package dev.kpsim.core.analysis.graph;

import java.util.List;
import java.util.Locale;

/**
 * Renders lint findings for people: a count line, then per finding its severity, location ({@code table:chain rule N},
 * and the source line when the rules were read from a file), kind and message, with the rule's text under it.
 */
public final class LintTextRenderer {
    private LintTextRenderer() {
    }

    public static String render(String mode, List<LintFinding> findings) {
        StringBuilder sb = new StringBuilder();
        long errors = findings.stream().filter(f -> f.severity() == LintFinding.Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == LintFinding.Severity.WARNING).count();
        long infos = findings.size() - errors - warnings;
        sb.append("LINT: ").append(mode).append(" ruleset: ");
        if (findings.isEmpty()) {
            return sb.append("no findings\n").toString();
        }
        sb.append(findings.size()).append(findings.size() == 1 ? " finding" : " findings").append(" (")
                .append(errors).append(errors == 1 ? " error, " : " errors, ").append(warnings)
                .append(warnings == 1 ? " warning, " : " warnings, ").append(infos).append(" info)\n");
        for (LintFinding f : findings) {
            sb.append("  ").append(String.format(Locale.ROOT, "%-7s", f.severity().name())).append(' ').append(f.where());
            if (f.location() != null && f.location().line() > 0) {
                sb.append(" (").append(f.location()).append(')');
            }
            sb.append(": ").append(GraphJsonRenderer.kebab(f.kind().name())).append(": ").append(f.message()).append('\n');
            if (f.ruleText() != null) {
                sb.append("          ").append(f.ruleText()).append('\n');
            }
        }
        return sb.toString();
    }
}
