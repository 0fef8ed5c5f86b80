package dev.kpsim.core.diag;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that kpsim cannot use. Carries located diagnostics; the CLI prints them one per line and exits 2. It is
 * never shown as a stack trace.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public BadInputException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public BadInputException(SourceLocation at, String code, String message) {
        this(List.of(Diagnostic.error(at, code, message)));
    }

    /** Every diagnostic collected, errors and warnings, in order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
