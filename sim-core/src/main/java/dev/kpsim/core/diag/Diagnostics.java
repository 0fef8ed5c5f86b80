package dev.kpsim.core.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A collector of diagnostics while one stage reads its input. Mutable, and confined to the stage that owns it;
 * what crosses a boundary is the immutable {@link #list()}.
 */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public void add(Diagnostic d) {
        items.add(d);
    }

    public void addAll(List<Diagnostic> ds) {
        items.addAll(ds);
    }

    public void error(SourceLocation at, String code, String message) {
        add(Diagnostic.error(at, code, message));
    }

    public void warning(SourceLocation at, String code, String message) {
        add(Diagnostic.warning(at, code, message));
    }

    public void unsupported(SourceLocation at, String code, String message) {
        add(Diagnostic.unsupported(at, code, message));
    }

    public void note(SourceLocation at, String code, String message) {
        add(Diagnostic.note(at, code, message));
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    /** An immutable copy, in the order reported. */
    public List<Diagnostic> list() {
        return List.copyOf(items);
    }

    /** Throws {@link BadInputException} carrying every diagnostic if any is an error. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new BadInputException(list());
        }
    }

    public List<Diagnostic> view() {
        return Collections.unmodifiableList(items);
    }
}
