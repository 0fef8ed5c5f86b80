package dev.kpsim.core.diag;

/** How serious a {@link Diagnostic} is. Only {@link #ERROR} makes input unusable. */
public enum Severity {
    /** The input cannot be used; the command exits 2. */
    ERROR,
    /** Legal but suspicious input (a selector matching no pod, an endpoint on an unknown node). */
    WARNING,
    /** A construct kpsim keeps but does not model; it is evaluated conservatively. */
    UNSUPPORTED,
    /** Information for the user, such as which node's view was chosen. */
    NOTE;

    /** Lower-case label as printed: {@code error}, {@code warning}, ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
