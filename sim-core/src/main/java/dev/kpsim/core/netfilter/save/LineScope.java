package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.SourceLocation;

/** One input line being read: builds locations and errors that point at a token of that line. */
record LineScope(ParseContext context, String file, int line) {

    SourceLocation at(int column) {
        return new SourceLocation(file, line, Math.max(column, 1));
    }

    SourceLocation at(Token token) {
        return at(token.column());
    }

    /** An error at a token, to be thrown: {@code throw scope.error(tok, "bad-port", "...")}. */
    LineError error(Token token, String code, String message) {
        return error(token.column(), code, message);
    }

    LineError error(int column, String code, String message) {
        return new LineError(Diagnostic.error(at(column), code, message));
    }

    void warning(Token token, String code, String message) {
        context.diagnostics().add(Diagnostic.warning(at(token), code, message));
    }
}
