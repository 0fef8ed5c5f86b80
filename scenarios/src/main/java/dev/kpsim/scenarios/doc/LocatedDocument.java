package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kpsim.core.diag.SourceLocation;
import java.util.Collections;
import java.util.Map;

/**
 * One YAML or JSON document as a Jackson tree plus where each of its nodes was written. {@code values} maps the
 * JSON Pointer of every node to the location of its value; {@code keys} maps the pointer of every mapping entry
 * to the location of its key. A pointer that is absent (a field that was not written) resolves to its nearest
 * written ancestor, so a "missing field" diagnostic points at the object that lacks it.
 *
 * <p>Built by {@link DocumentReader}; the tree must not be modified afterwards.
 *
 * @param source the text the document came from (for embedded documents and for the file name)
 * @param index  0-based position of the document in its file
 * @param start  where the document's root node starts
 */
public record LocatedDocument(SourceText source, int index, JsonNode root, SourceLocation start,
                              Map<String, SourceLocation> values, Map<String, SourceLocation> keys) {

    /** Wraps (does not copy: a large document's index has millions of entries) the maps, which the reader hands over. */
    public LocatedDocument {
        values = Collections.unmodifiableMap(values);
        keys = Collections.unmodifiableMap(keys);
    }

    /** The file name diagnostics print. */
    public String file() {
        return source.name();
    }

    /** Where the value at {@code pointer} was written, or the nearest written ancestor's location. O(depth). */
    public SourceLocation valueAt(String pointer) {
        String p = pointer;
        while (true) {
            SourceLocation l = values.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return start;
            }
            p = JsonPointers.parent(p);
        }
    }

    /** Where the key of the mapping entry at {@code pointer} was written; the value's location if none. */
    public SourceLocation keyAt(String pointer) {
        SourceLocation l = keys.get(pointer);
        return l != null ? l : valueAt(pointer);
    }

    /** A cursor at the document's root. */
    public Located cursor() {
        return Located.root(this);
    }
}
