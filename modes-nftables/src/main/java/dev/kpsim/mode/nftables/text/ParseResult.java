package dev.kpsim.mode.nftables.text;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.mode.nftables.model.NftRuleset;
import java.util.List;

/**
 * What a parse produced: every table understood, and located diagnostics (errors for unreadable input; UNSUPPORTED
 * for constructs kept verbatim).
 */
public record ParseResult(NftRuleset ruleset, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** The ruleset, or a {@link BadInputException} carrying every diagnostic if any is an error. */
    public NftRuleset orThrow() {
        if (hasErrors()) {
            throw new BadInputException(diagnostics);
        }
        return ruleset;
    }
}
