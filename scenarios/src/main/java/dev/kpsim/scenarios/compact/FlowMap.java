package dev.kpsim.scenarios.compact;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One YAML flow mapping ({@code {name: web, port: 80, labels: {app: web}}}) appended to a line being built:
 * keys are kpsim's own field names (written plain), values go through {@link YamlScalars}. String maps are written
 * with their keys sorted, so the bytes do not depend on a map's iteration order. Mutable; used for one mapping.
 */
final class FlowMap {
    private final StringBuilder out;
    private boolean first = true;

    FlowMap(StringBuilder out) {
        this.out = out;
        out.append('{');
    }

    /** Starts the entry {@code key}; the caller appends its value to the returned builder. */
    StringBuilder key(String key) {
        if (!first) {
            out.append(", ");
        }
        first = false;
        return out.append(key).append(": ");
    }

    FlowMap str(String key, String value) {
        YamlScalars.append(key(key), value);
        return this;
    }

    FlowMap num(String key, long value) {
        key(key).append(value);
        return this;
    }

    FlowMap bool(String key, boolean value) {
        key(key).append(value);
        return this;
    }

    /** {@code key: [a, b]}. */
    FlowMap strings(String key, List<?> values) {
        StringBuilder b = key(key).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            YamlScalars.append(b, String.valueOf(values.get(i)));
        }
        b.append(']');
        return this;
    }

    /** {@code key: {k1: v1, k2: v2}}, keys sorted. */
    FlowMap map(String key, Map<String, String> values) {
        appendMap(key(key), values);
        return this;
    }

    /** Closes the mapping. */
    void end() {
        out.append('}');
    }

    /** Appends {@code {k1: v1, k2: v2}} with sorted keys. */
    static void appendMap(StringBuilder b, Map<String, ?> values) {
        b.append('{');
        boolean firstEntry = true;
        for (Map.Entry<String, ?> e : (values.size() > 1 ? new TreeMap<>(values) : values).entrySet()) {
            if (!firstEntry) {
                b.append(", ");
            }
            firstEntry = false;
            YamlScalars.append(b, e.getKey());
            b.append(": ");
            if (e.getValue() instanceof Number n) {
                b.append(n);
            } else {
                YamlScalars.append(b, String.valueOf(e.getValue()));
            }
        }
        b.append('}');
    }
}
