package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON input ({@code kubectl get -o json}) with Jackson's streaming parser, recording where every value
 * and key starts. A stream of several top-level values is read as several documents. Syntax errors and
 * duplicate keys are located errors.
 */
final class JsonDocumentReader {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonDocumentReader() {
    }

    static List<LocatedDocument> read(SourceText src, Diagnostics diags) {
        List<LocatedDocument> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(src.text())) {
            int index = 0;
            while (p.nextToken() != null) {
                Builder b = new Builder(src, diags);
                SourceLocation start = b.loc(p.currentTokenLocation());
                JsonNode root = b.value(p, "");
                out.add(new LocatedDocument(src, index++, root, start, b.values, b.keys));
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            SourceLocation at = l == null ? src.location(1, 1) : src.location(Math.max(l.getLineNr(), 1), Math.max(l.getColumnNr(), 1));
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            diags.error(at, "json-syntax", "JSON syntax error: " + (nl < 0 ? msg : msg.substring(0, nl)));
        } catch (IOException e) {
            diags.error(src.location(1, 1), "read-error", "cannot read: " + e.getMessage());
        }
        return out;
    }

    private static final class Builder {
        private final SourceText src;
        private final Diagnostics diags;
        final Map<String, SourceLocation> values = new HashMap<>();
        final Map<String, SourceLocation> keys = new HashMap<>();
        private final JsonNodeFactory f = JsonNodeFactory.instance;

        Builder(SourceText src, Diagnostics diags) {
            this.src = src;
            this.diags = diags;
        }

        SourceLocation loc(JsonLocation l) {
            return src.location(Math.max(l.getLineNr(), 1), Math.max(l.getColumnNr(), 1));
        }

        /** Builds the value whose first token is current. */
        JsonNode value(JsonParser p, String pointer) throws IOException {
            values.put(pointer, loc(p.currentTokenLocation()));
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode obj = f.objectNode();
                    Map<String, SourceLocation> seen = new HashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        SourceLocation keyLoc = loc(p.currentTokenLocation());
                        p.nextToken();
                        String child = JsonPointers.child(pointer, key);
                        if (seen.containsKey(key)) {
                            diags.error(keyLoc, "duplicate-key", "duplicate key '" + key + "' (first written at " + seen.get(key) + ")");
                            p.skipChildren();
                            continue;
                        }
                        seen.put(key, keyLoc);
                        keys.put(child, keyLoc);
                        obj.set(key, value(p, child));
                    }
                    return obj;
                }
                case START_ARRAY -> {
                    ArrayNode arr = f.arrayNode();
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        arr.add(value(p, JsonPointers.child(pointer, i++)));
                    }
                    return arr;
                }
                case VALUE_STRING -> {
                    return f.textNode(p.getText());
                }
                case VALUE_NUMBER_INT -> {
                    return switch (p.getNumberType()) {
                        case INT -> f.numberNode(p.getIntValue());
                        case LONG -> f.numberNode(p.getLongValue());
                        default -> f.numberNode(p.getBigIntegerValue());
                    };
                }
                case VALUE_NUMBER_FLOAT -> {
                    return f.numberNode(p.getDoubleValue());
                }
                case VALUE_TRUE -> {
                    return f.booleanNode(true);
                }
                case VALUE_FALSE -> {
                    return f.booleanNode(false);
                }
                default -> {
                    return f.nullNode();
                }
            }
        }
    }
}
