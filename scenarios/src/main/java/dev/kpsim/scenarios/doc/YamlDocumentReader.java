package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * {@link YamlEventReader}, with the same result and a fraction of the memory; the rest through the composer. A
 * compact scenario's narrower subset is read by {@link CompactYamlReader} without SnakeYAML at all.
 * Only parsing and composition are used: no Java object is ever constructed from YAML tags.
 */
final class YamlDocumentReader {

    /** Deeper nesting than this is rejected (it also stops self-referencing aliases). */
    private static final int MAX_DEPTH = 200;

    private YamlDocumentReader() {
    }

    /**
     * Every document: through {@link CompactYamlReader} for a compact scenario's subset, else through
     * {@link YamlEventReader} when it can, else through the composer.
     */
    static List<LocatedDocument> read(SourceText src, Diagnostics diags) {
        List<LocatedDocument> compact = CompactYamlReader.read(src);
        if (compact != null) {
            return compact;
        }
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
                Converter c = new Converter(src, diags);
                JsonNode root = c.convert(n, LocatedNodes.NO_KEY, 0);
                out.add(new LocatedDocument(src, index++, root, c.loc(n.getStartMark())));
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

        Converter(SourceText src, Diagnostics diags) {
            this.src = src;
            this.diags = diags;
        }

        SourceLocation loc(Mark m) {
            return m == null ? src.location(1, 1) : src.location(m.getLine() + 1, m.getColumn() + 1);
        }

        /** The tree of {@code n}; {@code keyAt} is the packed position of the key naming it, or {@link LocatedNodes#NO_KEY}. */
        JsonNode convert(Node n, long keyAt, int depth) {
            if (depth > MAX_DEPTH) {
                throw new TooDeep(loc(n.getStartMark()));
            }
            long at = YamlEventReader.pack(n.getStartMark());
            long key = keyAt == LocatedNodes.NO_KEY ? at : keyAt;
            if (n instanceof MappingNode m) {
                ObjectNode obj = LocatedNodes.object(at, key);
                for (NodeTuple t : m.getValue()) {
                    Node k = t.getKeyNode();
                    if (!(k instanceof ScalarNode ks)) {
                        diags.error(loc(k.getStartMark()), "yaml-syntax", "mapping keys must be plain strings");
                        continue;
                    }
                    String name = ks.getValue();
                    JsonNode first = obj.get(name);
                    if (first != null) {
                        diags.error(loc(k.getStartMark()), "duplicate-key",
                                "duplicate key '" + name + "' (first written at " + src.location(((LocatedNodes.Marked) first).keyAt()) + ")");
                        continue;
                    }
                    obj.set(name, convert(t.getValueNode(), YamlEventReader.pack(k.getStartMark()), depth + 1));
                }
                return obj;
            }
            if (n instanceof SequenceNode s) {
                ArrayNode arr = LocatedNodes.array(at, key);
                for (Node child : s.getValue()) {
                    arr.add(convert(child, LocatedNodes.NO_KEY, depth + 1));
                }
                return arr;
            }
            ScalarNode sc = (ScalarNode) n;
            return scalar(sc.getValue(), sc.getTag(), at, key);
        }
    }

    /** A scalar typed by its (resolved or explicit) tag, as {@code sigs.k8s.io/yaml} types it, written at {@code at}. */
    static JsonNode scalar(String v, Tag tag, long at, long keyAt) {
        if (tag.equals(Tag.NULL)) {
            return LocatedNodes.nullNode(at, keyAt);
        }
        if (tag.equals(Tag.BOOL)) {
            String l = v.toLowerCase(Locale.ROOT);
            return LocatedNodes.bool(l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y"), at, keyAt);
        }
        if (tag.equals(Tag.INT)) {
            BigInteger i = parseInt(v);
            return i != null ? LocatedNodes.number(i, at, keyAt) : LocatedNodes.text(v, at, keyAt);
        }
        if (tag.equals(Tag.FLOAT)) {
            String t = v.replace("_", "").toLowerCase(Locale.ROOT);
            if (t.endsWith(".inf") || t.endsWith(".nan")) {
                return LocatedNodes.text(v, at, keyAt);
            }
            try {
                return LocatedNodes.number(Double.parseDouble(t), at, keyAt);
            } catch (NumberFormatException e) {
                return LocatedNodes.text(v, at, keyAt);
            }
        }
        return LocatedNodes.text(v, at, keyAt);
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
