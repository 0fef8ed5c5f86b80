package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML (every document of a stream) with SnakeYAML's composer, which keeps each node's start mark, and
 * builds the Jackson tree and location index of a {@link LocatedDocument} from it. Scalars are typed by YAML 1.1's
 * implicit resolution as Kubernetes' {@code sigs.k8s.io/yaml} (go-yaml v2) does: {@code 80} is a number,
 * {@code true}/{@code yes}/{@code on} are booleans, quoted scalars are strings. Merge keys ({@code <<}) are
 * applied. A duplicate mapping key is an error, as with {@code kubectl}'s strict decoding.
 *
 * <p>Plain YAML (no anchors, aliases or merge keys: nearly every input) is read from the parser's events by
 * {@link YamlEventReader}, with the same result and a fraction of the memory; the rest through the composer.
 * Only parsing and composition are used: no Java object is ever constructed from YAML tags.
 */
final class YamlDocumentReader {

    /** Deeper nesting than this is rejected (it also stops self-referencing aliases). */
    private static final int MAX_DEPTH = 200;

    private YamlDocumentReader() {
    }

    /** Every document: through {@link YamlEventReader} when it can, else through the composer. */
    static List<LocatedDocument> read(SourceText src, Diagnostics diags) {
        List<LocatedDocument> plain = YamlEventReader.read(src, yaml(), MAX_DEPTH);
        return plain != null ? plain : composed(src, diags);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMergeOnCompose(true);
        options.setAllowDuplicateKeys(true); // reported by the converter, with both locations
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setNestingDepthLimit(MAX_DEPTH);
        return new Yaml(options);
    }

    /** Every document, through SnakeYAML's composer (anchors, aliases, merge keys, errors). */
    static List<LocatedDocument> composed(SourceText src, Diagnostics diags) {
        Yaml yaml = yaml();
        List<LocatedDocument> out = new ArrayList<>();
        try {
            int index = 0;
            for (Node n : yaml.composeAll(new StringReader(src.text()))) {
                Converter c = new Converter(src, diags, span(n));
                JsonNode root = c.convert(n, "", 0);
                out.add(new LocatedDocument(src, index++, root, c.loc(n.getStartMark()), c.values, c.keys));
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            SourceLocation at = m == null ? src.location(1, 1) : src.location(m.getLine() + 1, m.getColumn() + 1);
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            diags.error(at, "yaml-syntax", "YAML syntax error: " + problem + context);
        } catch (YAMLException e) {
            diags.error(src.location(1, 1), "yaml-syntax", "YAML error: " + e.getMessage());
        } catch (TooDeep e) {
            diags.error(e.at, "yaml-syntax", "YAML nesting deeper than " + MAX_DEPTH + " levels (a self-referencing alias?)");
        }
        return out;
    }

    /** The characters a composed document spans (0 if its marks are unknown). */
    private static int span(Node n) {
        Mark start = n.getStartMark();
        Mark end = n.getEndMark();
        return start == null || end == null ? 0 : Math.max(0, end.getIndex() - start.getIndex());
    }

    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SourceLocation at;

        TooDeep(SourceLocation at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    private static final class Converter {
        private final SourceText src;
        private final Diagnostics diags;
        final Map<String, SourceLocation> values;
        final Map<String, SourceLocation> keys;
        private final JsonNodeFactory f = JsonNodeFactory.instance;

        /**
         * @param span the document's length in characters: the index is sized for a node every 8 characters (a
         *             compact flow-style scenario's density), so a large document is indexed without rehashing
         */
        Converter(SourceText src, Diagnostics diags, int span) {
            this.src = src;
            this.diags = diags;
            int expected = Math.min(span / 8, 1 << 25);
            this.values = new HashMap<>(Math.max(16, expected * 4 / 3));
            this.keys = new HashMap<>(Math.max(16, expected));
        }

        SourceLocation loc(Mark m) {
            return m == null ? src.location(1, 1) : src.location(m.getLine() + 1, m.getColumn() + 1);
        }

        JsonNode convert(Node n, String pointer, int depth) {
            if (depth > MAX_DEPTH) {
                throw new TooDeep(loc(n.getStartMark()));
            }
            values.put(pointer, loc(n.getStartMark()));
            if (n instanceof MappingNode m) {
                ObjectNode obj = f.objectNode();
                Map<String, SourceLocation> seen = new HashMap<>();
                for (NodeTuple t : m.getValue()) {
                    Node k = t.getKeyNode();
                    if (!(k instanceof ScalarNode ks)) {
                        diags.error(loc(k.getStartMark()), "yaml-syntax", "mapping keys must be plain strings");
                        continue;
                    }
                    String key = ks.getValue();
                    SourceLocation keyLoc = loc(k.getStartMark());
                    if (seen.containsKey(key)) {
                        diags.error(keyLoc, "duplicate-key", "duplicate key '" + key + "' (first written at " + seen.get(key) + ")");
                        continue;
                    }
                    seen.put(key, keyLoc);
                    String childPointer = JsonPointers.child(pointer, key);
                    keys.put(childPointer, keyLoc);
                    obj.set(key, convert(t.getValueNode(), childPointer, depth + 1));
                }
                return obj;
            }
            if (n instanceof SequenceNode s) {
                ArrayNode arr = f.arrayNode();
                int i = 0;
                for (Node child : s.getValue()) {
                    arr.add(convert(child, JsonPointers.child(pointer, i++), depth + 1));
                }
                return arr;
            }
            return scalar((ScalarNode) n);
        }

        private JsonNode scalar(ScalarNode s) {
            return YamlDocumentReader.scalar(s.getValue(), s.getTag());
        }
    }

    /** A scalar typed by its (resolved or explicit) tag, as {@code sigs.k8s.io/yaml} types it. */
    static JsonNode scalar(String v, Tag tag) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (tag.equals(Tag.NULL)) {
            return f.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            String l = v.toLowerCase(Locale.ROOT);
            return f.booleanNode(l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y"));
        }
        if (tag.equals(Tag.INT)) {
            BigInteger i = parseInt(v);
            if (i != null) {
                return i.bitLength() < 32 ? f.numberNode(i.intValue())
                        : i.bitLength() < 64 ? f.numberNode(i.longValue()) : f.numberNode(i);
            }
            return f.textNode(v);
        }
        if (tag.equals(Tag.FLOAT)) {
            String t = v.replace("_", "").toLowerCase(Locale.ROOT);
            if (t.endsWith(".inf") || t.endsWith(".nan")) {
                return f.textNode(v);
            }
            try {
                return f.numberNode(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                return f.textNode(v);
            }
        }
        return f.textNode(v);
    }

    /** YAML 1.1 integers: decimal, 0x hex, 0b binary, 0-prefixed octal, with optional sign and underscores. */
    private static BigInteger parseInt(String raw) {
        String t = raw.replace("_", "");
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        try {
            BigInteger v;
            if (t.startsWith("0x")) {
                v = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0b")) {
                v = new BigInteger(t.substring(2), 2);
            } else if (t.length() > 1 && t.startsWith("0")) {
                v = new BigInteger(t.substring(1), 8);
            } else {
                v = new BigInteger(t);
            }
            return negative ? v.negate() : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
