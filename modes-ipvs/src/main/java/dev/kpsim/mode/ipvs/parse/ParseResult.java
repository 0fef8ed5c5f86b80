package dev.kpsim.mode.ipvs.parse;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import java.util.List;

/**
 * What a dump parser built plus its located diagnostics. Everything understood is in {@link #value()} even when
 * some lines were errors; {@link #orThrow()} turns errors into a {@link BadInputException} for callers that need
 * clean input.
 */
public record ParseResult<T>(T value, List<Diagnostic> diagnostics) {

    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** The value, or a {@link BadInputException} carrying every diagnostic if any is an error. */
    public T orThrow() {
        if (hasErrors()) {
            throw new BadInputException(diagnostics);
        }
        return value;
    }
}
