package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The field map of a located mapping node: insertion-ordered, held in two small arrays searched linearly while
 * the mapping has at most {@value #SMALL} fields (nearly every Kubernetes or scenario object: a third of a
 * {@link LinkedHashMap}'s memory, no entry objects), a {@link LinkedHashMap} beyond. Written only while its
 * document is read; entries and iterators do not support modification.
 */
final class SmallFieldMap extends AbstractMap<String, JsonNode> {
    private static final int SMALL = 8;

    private String[] keys = new String[4];
    private JsonNode[] values = new JsonNode[4];
    private int size;
    /** The fields once there are more than {@value #SMALL}; null before. */
    private LinkedHashMap<String, JsonNode> large;

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public JsonNode get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
        if (large != null) {
            return large.put(key, value);
        }
        int i = indexOf(key);
        if (i >= 0) {
            JsonNode old = values[i];
            values[i] = value;
            return old;
        }
        if (size == SMALL) {
            large = new LinkedHashMap<>(32);
            for (int k = 0; k < size; k++) {
                large.put(keys[k], values[k]);
            }
            keys = null;
            values = null;
            return large.put(key, value);
        }
        if (size == keys.length) {
            keys = java.util.Arrays.copyOf(keys, SMALL);
            values = java.util.Arrays.copyOf(values, SMALL);
        }
        keys[size] = key;
        values[size++] = value;
        return null;
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        if (large != null) {
            return java.util.Collections.unmodifiableMap(large).entrySet();
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, JsonNode>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, JsonNode> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
