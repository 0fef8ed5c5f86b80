package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.kpsim.core.diag.SourceLocation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A position inside a {@link LocatedDocument}: a node (possibly missing), its JSON Pointer, and its path as
 * diagnostics print it ({@code spec.ports[0].targetPort}). Navigation never fails: a missing child is a cursor on
 * a {@link MissingNode} whose location is its nearest written ancestor's.
 */
public final class Located {
    private final LocatedDocument doc;
    private final JsonNode node;
    private final String pointer;
    private final String path;

    private Located(LocatedDocument doc, JsonNode node, String pointer, String path) {
        this.doc = doc;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.pointer = pointer;
        this.path = path;
    }

    static Located root(LocatedDocument doc) {
        return new Located(doc, doc.root(), "", "");
    }

    /** The field {@code name} of this mapping (missing if absent or if this is no mapping). */
    public Located get(String name) {
        JsonNode child = node.isObject() ? node.get(name) : null;
        String p = path.isEmpty() ? name : path + "." + name;
        return new Located(doc, child, JsonPointers.child(pointer, name), p);
    }

    /** Element {@code i} of this sequence (missing if absent). */
    public Located at(int i) {
        JsonNode child = node.isArray() ? node.get(i) : null;
        return new Located(doc, child, JsonPointers.child(pointer, i), path + "[" + i + "]");
    }

    /** The elements of this sequence; empty if it is no sequence. */
    public List<Located> elements() {
        List<Located> out = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(at(i));
            }
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

    public JsonNode node() {
        return node;
    }

    public LocatedDocument document() {
        return doc;
    }

    /** The JSON Pointer of this node. */
    public String pointer() {
        return pointer;
    }

    /** The dotted path diagnostics print; "" for the document root. */
    public String path() {
        return path;
    }

    /** Where this value was written (or its nearest written ancestor). */
    public SourceLocation location() {
        return doc.valueAt(pointer);
    }

    /** Where this entry's key was written (the value's location for sequence elements and the root). */
    public SourceLocation keyLocation() {
        return doc.keyAt(pointer);
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
        return location() + " " + path;
    }
}
