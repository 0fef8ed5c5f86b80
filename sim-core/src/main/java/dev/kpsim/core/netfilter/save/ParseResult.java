package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.netfilter.Ruleset;
import java.util.List;

/**
 * What parsing restore input or an {@code iptables-save} dump produced: the ruleset as the kernel would hold it, and
 * every warning and unsupported-construct note found on the way (in input order). Errors never appear here: input
 * with errors raises {@link dev.kpsim.core.diag.BadInputException} carrying all diagnostics instead.
 */
public record ParseResult(Ruleset ruleset, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** The diagnostics of one severity. */
    public List<Diagnostic> diagnostics(Severity severity) {
        return diagnostics.stream().filter(d -> d.severity() == severity).toList();
    }
}
