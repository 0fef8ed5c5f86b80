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
 * <p>Only composition is used: no Java object is ever constructed from YAML tags.
 */
final class YamlDocumentReader {

    /** Deeper nesting than this is rejected (it also stops self-referencing aliases). */
    private static final int MAX_DEPTH = 200;

    private YamlDocumentReader() {
    }

    static List<LocatedDocument> read(SourceText src, Diagnostics diags) {
        LoaderOptions options = new LoaderOptions();
        options.setMergeOnCompose(true);
        options.setAllowDuplicateKeys(true); // reported by the converter, with both locations
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setNestingDepthLimit(MAX_DEPTH);
        Yaml yaml = new Yaml(options);
        List<LocatedDocument> out = new ArrayList<>();
        try {
            int index = 0;
            for (Node n : yaml.composeAll(new StringReader(src.text()))) {
                Converter c = new Converter(src, diags);
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
        final Map<String, SourceLocation> values = new HashMap<>();
        final Map<String, SourceLocation> keys = new HashMap<>();
        private final JsonNodeFactory f = JsonNodeFactory.instance;

        Converter(SourceText src, Diagnostics diags) {
            this.src = src;
            this.diags = diags;
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
            String v = s.getValue();
            Tag tag = s.getTag();
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
}
