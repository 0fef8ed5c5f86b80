package dev.kpsim.scenarios.compact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.raw.RawNode;
import dev.kpsim.scenarios.raw.RawNode.RawScalar.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies a located tree into library-free {@link RawNode}s, keeping every node's and key's location. */
public final class RawNodes {
    private RawNodes() {
    }

    public static RawNode of(Located at) {
        JsonNode n = at.node();
        if (n.isObject()) {
            Map<String, RawNode> entries = new LinkedHashMap<>();
            Map<String, SourceLocation> keys = new LinkedHashMap<>();
            at.fields().forEach((k, v) -> {
                entries.put(k, of(v));
                keys.put(k, v.keyLocation());
            });
            return new RawNode.RawMap(entries, keys, at.location());
        }
        if (n.isArray()) {
            List<RawNode> items = new ArrayList<>();
            at.elements().forEach(e -> items.add(of(e)));
            return new RawNode.RawList(items, at.location());
        }
        Kind kind = n.isNull() || n.isMissingNode() ? Kind.NULL
                : n.isBoolean() ? Kind.BOOLEAN
                : n.isIntegralNumber() ? Kind.INTEGER
                : n.isNumber() ? Kind.FLOAT : Kind.STRING;
        return new RawNode.RawScalar(kind == Kind.NULL ? null : n.asText(), kind, at.location());
    }
}
