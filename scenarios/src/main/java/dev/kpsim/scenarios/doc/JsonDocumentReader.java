package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON input ({@code kubectl get -o json}) with Jackson's streaming parser, recording in each node where its
 * value and key start. A stream of several top-level values is read as several documents. Syntax errors and
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
                SourceLocation start = src.location(Builder.pack(p.currentTokenLocation()));
                JsonNode root = b.value(p, LocatedNodes.NO_KEY);
                out.add(new LocatedDocument(src, index++, root, start));
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

        Builder(SourceText src, Diagnostics diags) {
            this.src = src;
            this.diags = diags;
        }

        static long pack(JsonLocation l) {
            return LocatedNodes.pack(Math.max(l.getLineNr(), 1), Math.max(l.getColumnNr(), 1));
        }

        /** Builds the value whose first token is current; {@code keyAt} is its key's packed position or {@link LocatedNodes#NO_KEY}. */
        JsonNode value(JsonParser p, long keyAt) throws IOException {
            long at = pack(p.currentTokenLocation());
            long key = keyAt == LocatedNodes.NO_KEY ? at : keyAt;
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode obj = LocatedNodes.object(at, key);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        long nameAt = pack(p.currentTokenLocation());
                        p.nextToken();
                        JsonNode first = obj.get(name);
                        if (first != null) {
                            diags.error(src.location(nameAt), "duplicate-key",
                                    "duplicate key '" + name + "' (first written at " + src.location(((LocatedNodes.Marked) first).keyAt()) + ")");
                            p.skipChildren();
                            continue;
                        }
                        obj.set(name, value(p, nameAt));
                    }
                    return obj;
                }
                case START_ARRAY -> {
                    ArrayNode arr = LocatedNodes.array(at, key);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        arr.add(value(p, LocatedNodes.NO_KEY));
                    }
                    return arr;
                }
                case VALUE_STRING -> {
                    return LocatedNodes.text(p.getText(), at, key);
                }
                case VALUE_NUMBER_INT -> {
                    return switch (p.getNumberType()) {
                        case INT -> LocatedNodes.number(p.getIntValue(), at, key);
                        case LONG -> LocatedNodes.number(p.getLongValue(), at, key);
                        default -> LocatedNodes.number(p.getBigIntegerValue(), at, key);
                    };
                }
                case VALUE_NUMBER_FLOAT -> {
                    return LocatedNodes.number(p.getDoubleValue(), at, key);
                }
                case VALUE_TRUE -> {
                    return LocatedNodes.bool(true, at, key);
                }
                case VALUE_FALSE -> {
                    return LocatedNodes.bool(false, at, key);
                }
                default -> {
                    return LocatedNodes.nullNode(at, key);
                }
            }
        }
    }
}
