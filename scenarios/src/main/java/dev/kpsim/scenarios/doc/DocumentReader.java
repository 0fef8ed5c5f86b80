package dev.kpsim.scenarios.doc;

import dev.kpsim.core.diag.Diagnostics;
import java.util.List;

/**
 * Reads every document of one input text into located trees: JSON through Jackson's streaming parser, anything
 * else through SnakeYAML's composer. Syntax errors become located {@code yaml-syntax} / {@code json-syntax}
 * diagnostics; the documents read before the error are still returned.
 */
public final class DocumentReader {
    private DocumentReader() {
    }

    /** All documents of {@code src}, in order. O(text length). */
    public static List<LocatedDocument> read(SourceText src, Diagnostics diags) {
        return src.looksLikeJson() ? JsonDocumentReader.read(src, diags) : YamlDocumentReader.read(src, diags);
    }
}
