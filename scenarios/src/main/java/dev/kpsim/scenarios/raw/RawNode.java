package dev.kpsim.scenarios.raw;

import dev.kpsim.core.diag.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A located, uninterpreted YAML value: what kpsim keeps of scenario sections that later stages interpret
 * ({@code traffic:}, {@code expect:}). Free of any YAML library type, immutable, and every node knows where it
 * was written, so a later stage can report {@code FILE:LINE:COLUMN} for its own errors.
 */
public sealed interface RawNode permits RawNode.RawMap, RawNode.RawList, RawNode.RawScalar {

    SourceLocation location();

    /** A mapping in written order. {@code keyLocations} holds where each key was written. */
    record RawMap(Map<String, RawNode> entries, Map<String, SourceLocation> keyLocations, SourceLocation location)
            implements RawNode {
        public RawMap {
            entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
            keyLocations = Map.copyOf(keyLocations);
        }

        public Optional<RawNode> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    /** A sequence. */
    record RawList(List<RawNode> items, SourceLocation location) implements RawNode {
        public RawList {
            items = List.copyOf(items);
        }
    }

    /**
     * A scalar: its text as written after YAML unquoting ({@code null} for YAML null) and its resolved kind.
     */
    record RawScalar(String text, Kind kind, SourceLocation location) implements RawNode {
        /** What the scalar resolved to under YAML 1.1 rules. */
        public enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }
    }
}
