package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.Diagnostic;

/**
 * Aborts reading of one input line with a located error. Confined to this package: the reader catches it, records
 * its diagnostic and goes on with the next line, so that one run reports every bad line.
 */
final class LineError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Diagnostic diagnostic;

    LineError(Diagnostic diagnostic) {
        super(diagnostic.format(), null, false, false);
        this.diagnostic = diagnostic;
    }

    Diagnostic diagnostic() {
        return diagnostic;
    }
}
