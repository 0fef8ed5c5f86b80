package dev.kpsim.scenarios.doc;

import dev.kpsim.core.diag.SourceLocation;

/**
 * The text of one input (a file, standard input, or a YAML document embedded in a ConfigMap value) with the name
 * diagnostics print for it. Embedded text is shifted: its line 1 column 1 is the outer file's
 * {@code (lineShift + 1, columnShift + 1)}; when {@code fixed} is set every location inside maps to it (text
 * taken from a quoted scalar, whose lines do not correspond to the file's).
 *
 * @param name        file name as the user gave it, or {@code <stdin>}
 * @param text        the whole text
 * @param lineShift   lines before the text's first line in the outer file (0 for a file)
 * @param columnShift columns before the text's first column in the outer file (0 for a file)
 * @param fixed       a single location for everything inside, or null
 */
public record SourceText(String name, String text, int lineShift, int columnShift, SourceLocation fixed) {

    /** A whole file or stream. */
    public static SourceText of(String name, String text) {
        return new SourceText(name, text, 0, 0, null);
    }

    /** The outer location of a 1-based line and column of this text. */
    public SourceLocation location(int line, int column) {
        return fixed != null ? fixed : new SourceLocation(name, line + lineShift, column + columnShift);
    }

    /** The outer location of a position packed by {@link LocatedNodes#pack}. */
    SourceLocation location(long packed) {
        return location(LocatedNodes.line(packed), LocatedNodes.column(packed));
    }

    /** True for JSON input: a {@code .json} file, or a stream whose first non-blank character opens JSON. */
    public boolean looksLikeJson() {
        if (name.endsWith(".json")) {
            return true;
        }
        if (!name.equals(InputFiles.STDIN)) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }
}
