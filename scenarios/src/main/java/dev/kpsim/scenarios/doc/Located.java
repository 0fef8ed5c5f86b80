package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.scenarios.doc.LocatedNodes.Marked;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A position inside a {@link LocatedDocument}: a node (possibly missing) and its path as diagnostics print it
 * ({@code spec.ports[0].targetPort}). Navigation never fails: a missing child is a cursor on a
 * {@link MissingNode} whose location is its nearest written ancestor's. Cheap to create: the path is built only
 * when asked for, and a location only becomes a {@link SourceLocation} when asked for.
 */
public final class Located {
    private final LocatedDocument doc;
    private final JsonNode node;
    /** The cursor this one was reached from (null for the root), with the field name or element index. */
    private final Located parent;
    private final String name;
    private final int index;
    /** Packed positions of the value (or nearest written ancestor) and of its key. */
    private final long at;
    private final long keyAt;
    private String path;

    private Located(LocatedDocument doc, JsonNode node, Located parent, String name, int index, long inherited) {
        this.doc = doc;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.parent = parent;
        this.name = name;
        this.index = index;
        if (this.node instanceof Marked m) {
            this.at = m.at();
            this.keyAt = m.keyAt();
        } else {
            this.at = inherited;
            this.keyAt = inherited;
        }
        if (parent == null) {
            this.path = "";
        }
    }

    static Located root(LocatedDocument doc) {
        return new Located(doc, doc.root(), null, null, -1, LocatedNodes.pack(1, 1));
    }

    /** The field {@code name} of this mapping (missing if absent or if this is no mapping). */
    public Located get(String name) {
        JsonNode child = node.isObject() ? node.get(name) : null;
        return new Located(doc, child, this, name, -1, at);
    }

    /** Element {@code i} of this sequence (missing if absent). */
    public Located at(int i) {
        JsonNode child = node.isArray() ? node.get(i) : null;
        return new Located(doc, child, this, null, i, at);
    }

    /** The elements of this sequence; empty if it is no sequence. */
    public List<Located> elements() {
        int n = node.isArray() ? node.size() : 0;
        List<Located> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(at(i));
        }
        return out;
    }

    /** The entries of this mapping in written order; empty if it is no mapping. */
    public Map<String, Located> fields() {
        Map<String, Located> out = new LinkedHashMap<>();
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                out.put(k, get(k));
            }
        }
        return out;
    }

    /** The field names of this mapping in written order; empty if it is no mapping. */
    public Iterator<String> fieldNames() {
        return node.isObject() ? node.fieldNames() : java.util.Collections.emptyIterator();
    }

    public JsonNode node() {
        return node;
    }

    public LocatedDocument document() {
        return doc;
    }

    /** The dotted path diagnostics print; "" for the document root. O(depth) the first time. */
    public String path() {
        if (path == null) {
            String p = parent.path();
            path = name != null ? (p.isEmpty() ? name : p + "." + name) : p + "[" + index + "]";
        }
        return path;
    }

    /** Where this value was written (or its nearest written ancestor). */
    public SourceLocation location() {
        return doc.location(at);
    }

    /** Where this entry's key was written (the value's location for sequence elements and the root). */
    public SourceLocation keyLocation() {
        return doc.location(keyAt);
    }

    /** Absent or explicitly {@code null}. */
    public boolean isAbsent() {
        return node.isMissingNode() || node.isNull();
    }

    /** The scalar's text (numbers and booleans as written in canonical form), or null if absent or not scalar. */
    public String text() {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /** The cursor reached by following field names ({@link String}) and indexes ({@link Integer}) from here. */
    public Located descend(List<?> segments) {
        Located c = this;
        for (Object s : segments) {
            c = s instanceof Integer i ? c.at(i) : c.get(String.valueOf(s));
        }
        return c;
    }

    @Override
    public String toString() {
        return location() + " " + path();
    }
}
