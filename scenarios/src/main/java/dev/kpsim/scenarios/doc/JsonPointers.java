package dev.kpsim.scenarios.doc;

/**
 * JSON Pointer (RFC 6901) segments, the keys of a {@link LocatedDocument}'s location index. A label key such as
 * {@code kubernetes.io/service-name} becomes the segment {@code kubernetes.io~1service-name}.
 */
public final class JsonPointers {
    private JsonPointers() {
    }

    /** {@code parent + "/" + escaped(key)}. */
    public static String child(String parent, String key) {
        return parent + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** {@code parent + "/" + index}. */
    public static String child(String parent, int index) {
        return parent + "/" + index;
    }

    /** The pointer of the parent, or "" for the root and its direct children. */
    public static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }
}
