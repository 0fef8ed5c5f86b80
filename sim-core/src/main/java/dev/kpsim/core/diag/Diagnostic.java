package dev.kpsim.core.diag;

/**
 * One located message about an input, in the manner of a compiler: {@code FILE:LINE:COLUMN: message}. The
 * {@code code} is stable (for example {@code bad-ip}, {@code unknown-field}) so tests and tools can rely on it.
 */
public record Diagnostic(SourceLocation location, Severity severity, String code, String message) {

    public static Diagnostic error(SourceLocation at, String code, String message) {
        return new Diagnostic(at, Severity.ERROR, code, message);
    }

    public static Diagnostic warning(SourceLocation at, String code, String message) {
        return new Diagnostic(at, Severity.WARNING, code, message);
    }

    public static Diagnostic unsupported(SourceLocation at, String code, String message) {
        return new Diagnostic(at, Severity.UNSUPPORTED, code, message);
    }

    public static Diagnostic note(SourceLocation at, String code, String message) {
        return new Diagnostic(at, Severity.NOTE, code, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The line users see: errors as {@code FILE:LINE:COLUMN: message}; others with their severity, as in
     * {@code FILE:LINE:COLUMN: warning: message}.
     */
    public String format() {
        String prefix = location == null || location.equals(SourceLocation.UNKNOWN) ? "kpsim" : location.toString();
        return severity == Severity.ERROR
                ? prefix + ": " + message
                : prefix + ": " + severity.label() + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
