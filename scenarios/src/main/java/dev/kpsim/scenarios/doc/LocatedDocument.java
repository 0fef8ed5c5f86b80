package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kpsim.core.diag.SourceLocation;

/**
 * One YAML or JSON document as a Jackson tree whose nodes carry where they were written (each node its value's
 * position and, for a mapping entry, its key's), read through {@link Located} cursors. A field that was not
 * written resolves to its nearest written ancestor, so a "missing field" diagnostic points at the object that
 * lacks it. Holding positions in the nodes (two packed longs each), not in an index keyed by JSON Pointer, keeps
 * a large document's tree about as small as the tree alone.
 *
 * <p>Built by {@link DocumentReader}; the tree must not be modified afterwards.
 *
 * @param source the text the document came from (for embedded documents and for the file name)
 * @param index  0-based position of the document in its file
 * @param root   the tree, built of {@link LocatedNodes}
 * @param start  where the document's root node starts
 */
public record LocatedDocument(SourceText source, int index, JsonNode root, SourceLocation start) {

    /** The file name diagnostics print. */
    public String file() {
        return source.name();
    }

    /** A cursor at the document's root. */
    public Located cursor() {
        return Located.root(this);
    }

    /** The location of a packed position of this document's text. */
    SourceLocation location(long packed) {
        return source.location(packed);
    }
}
