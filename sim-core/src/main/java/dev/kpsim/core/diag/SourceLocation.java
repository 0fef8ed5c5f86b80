package dev.kpsim.core.diag;

/**
 * Where in an input something came from: file, 1-based line and column. {@code line == 0} means the whole file
 * (or a location that is not known more precisely).
 */
public record SourceLocation(String file, int line, int column) {

    /** A location naming only a file. */
    public static SourceLocation ofFile(String file) {
        return new SourceLocation(file, 0, 0);
    }

    /** An unknown location (for programmatically built objects). */
    public static final SourceLocation UNKNOWN = new SourceLocation("<unknown>", 0, 0);

    /** {@code FILE:LINE:COLUMN}, or just {@code FILE} when the line is unknown. */
    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + Math.max(column, 1);
    }
}
