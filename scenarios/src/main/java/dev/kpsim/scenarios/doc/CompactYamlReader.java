package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kpsim.scenarios.doc.LocatedNodes.Marked;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The fastest path of {@link YamlDocumentReader}: reads, without SnakeYAML's scanner and parser, the narrow YAML
 * subset a compact scenario is written in ({@code ScenarioWriter}'s one object per line, which a 10,000-Service
 * scenario spends most of its loading time scanning), giving exactly the tree and locations
 * {@link YamlEventReader} gives. It declines (returns null, so the general readers read the text from the
 * start) on anything outside the subset:
 *
 * <ul>
 *   <li>one document, whose root is a block mapping starting at line 1 column 1; no directives, document
 *       markers, comments, blank lines, tabs, trailing blanks, carriage returns or non-ASCII characters;</li>
 *   <li>block mappings ({@code key: value} on one line, or {@code key:} followed by a more indented block
 *       mapping, or a block sequence indented or not) and block sequences whose entries are {@code - value}
 *       with the value on the same line;</li>
 *   <li>inline values: flow mappings and sequences closed on the same line without trailing commas, plain
 *       scalars of {@code [A-Za-z0-9._/-]} not starting with {@code -} or {@code .}, and double-quoted scalars
 *       whose only escapes are {@code \"}, {@code \\} and {@code \\uXXXX};</li>
 *   <li>keys as those scalars, unique in their mapping, none {@code <<}, none longer than YAML's 1024-character
 *       simple-key limit; nesting at most {@value #MAX_DEPTH} deep.</li>
 * </ul>
 *
 * <p>Positions are those of SnakeYAML's marks: a scalar or flow collection at its first character, a block
 * mapping at its first key, a block sequence at its first {@code -}; columns count characters (all ASCII here).
 * Scalars are typed as {@link YamlEventReader} types them.
 */
final class CompactYamlReader {
    private static final Resolver RESOLVER = new Resolver();
    private static final int MAX_DEPTH = 64;
    private static final int MAX_KEY = 1000;

    /** Thrown to abandon this path. */
    private static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Decline INSTANCE = new Decline();

        private Decline() {
            super(null, null, false, false);
        }
    }

    /** Plain scalars up to this length (and every plain key) are shared: a large scenario repeats them a lot. */
    private static final int SHARED_LENGTH = 8;

    private final String s;
    private final int n;
    private int pos;
    private int line = 1;
    private int lineStart;
    /** Open-addressing table of the shared strings. */
    private String[] pool = new String[256];
    private int pooled;

    private CompactYamlReader(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** The one document of {@code src}, or null if the text is not in the subset. O(text length). */
    static List<LocatedDocument> read(SourceText src) {
        try {
            JsonNode root = new CompactYamlReader(src.text()).document();
            List<LocatedDocument> out = new ArrayList<>(1);
            out.add(new LocatedDocument(src, 0, root, src.location(((Marked) root).at())));
            return out;
        } catch (Decline e) {
            return null;
        }
    }

    private JsonNode document() {
        if (n == 0 || s.charAt(0) == ' ') {
            throw Decline.INSTANCE;
        }
        JsonNode root = blockMapping(0, LocatedNodes.NO_KEY, 0);
        if (pos != n) {
            throw Decline.INSTANCE;
        }
        return root;
    }

    private long here() {
        return LocatedNodes.pack(line, pos - lineStart + 1);
    }

    private static long keyOr(long keyAt, long at) {
        return keyAt == LocatedNodes.NO_KEY ? at : keyAt;
    }

    private char peek() {
        return pos < n ? s.charAt(pos) : '\n';
    }

    /** The number of spaces starting at {@code i}. */
    private int spaces(int i) {
        int j = i;
        while (j < n && s.charAt(j) == ' ') {
            j++;
        }
        return j - i;
    }

    /** Consumes the end of the current line (or of the text). */
    private void endOfLine() {
        if (pos == n) {
            return;
        }
        if (s.charAt(pos) != '\n') {
            throw Decline.INSTANCE;
        }
        pos++;
        line++;
        lineStart = pos;
    }

    private static void depth(int depth) {
        if (depth > MAX_DEPTH) {
            throw Decline.INSTANCE;
        }
    }

    /** A block mapping whose keys are indented {@code indent}; the current line starts its first key. */
    private ObjectNode blockMapping(int indent, long keyAt, int depth) {
        depth(depth);
        ObjectNode obj = null;
        while (pos < n) {
            int ind = spaces(pos);
            if (ind < indent) {
                break;
            }
            if (ind > indent) {
                throw Decline.INSTANCE;
            }
            pos += ind;
            long at = here();
            if (obj == null) {
                obj = LocatedNodes.object(at, keyOr(keyAt, at));
            }
            String key = key();
            if (peek() != ':' || key.equals("<<") || obj.has(key)) {
                throw Decline.INSTANCE;
            }
            pos++;
            JsonNode value;
            if (peek() == '\n') {
                endOfLine();
                value = nestedBlock(indent, at, depth + 1);
            } else {
                value = inline(at, depth + 1);
                endOfLine();
            }
            obj.set(key, value);
        }
        if (obj == null) {
            throw Decline.INSTANCE;
        }
        return obj;
    }

    /** A block sequence whose {@code -} are indented {@code indent}; the current line starts its first entry. */
    private ArrayNode blockSequence(int indent, long keyAt, int depth) {
        depth(depth);
        ArrayNode arr = null;
        while (pos < n) {
            int ind = spaces(pos);
            if (ind > indent) {
                throw Decline.INSTANCE;
            }
            if (ind < indent || !s.startsWith("- ", pos + ind)) {
                break;
            }
            pos += ind;
            long at = here();
            if (arr == null) {
                arr = LocatedNodes.array(at, keyOr(keyAt, at));
            }
            pos++;
            arr.add(inline(LocatedNodes.NO_KEY, depth + 1));
            endOfLine();
        }
        if (arr == null) {
            throw Decline.INSTANCE;
        }
        return arr;
    }

    /** The block value of a key written at {@code keyAt} (indented {@code indent}) that ended its line. */
    private JsonNode nestedBlock(int indent, long keyAt, int depth) {
        if (pos == n) {
            throw Decline.INSTANCE;
        }
        int ind = spaces(pos);
        if (s.startsWith("- ", pos + ind) && ind >= indent) {
            return blockSequence(ind, keyAt, depth);
        }
        if (ind > indent) {
            return blockMapping(ind, keyAt, depth);
        }
        throw Decline.INSTANCE;
    }

    /** A value after {@code key:} or {@code -}: at least one space, then a scalar or flow collection. */
    private JsonNode inline(long keyAt, int depth) {
        if (peek() != ' ') {
            throw Decline.INSTANCE;
        }
        pos += spaces(pos);
        return flowValue(keyAt, depth);
    }

    private JsonNode flowValue(long keyAt, int depth) {
        depth(depth);
        long at = here();
        long key = keyOr(keyAt, at);
        char c = peek();
        if (c == '{') {
            return flowMapping(at, key, depth);
        }
        if (c == '[') {
            return flowSequence(at, key, depth);
        }
        if (c == '"') {
            return LocatedNodes.text(doubleQuoted(), at, key);
        }
        String v = plain(SHARED_LENGTH);
        if (PlainScalars.smallDecimal(v)) {
            return LocatedNodes.number(Integer.parseInt(v), at, key);
        }
        Tag tag = PlainScalars.surelyString(v) ? Tag.STR : RESOLVER.resolve(NodeId.scalar, v, true);
        return YamlDocumentReader.scalar(v, tag, at, key);
    }

    private ObjectNode flowMapping(long at, long keyAt, int depth) {
        ObjectNode obj = LocatedNodes.object(at, keyAt);
        pos++;
        pos += spaces(pos);
        if (peek() == '}') {
            pos++;
            return obj;
        }
        while (true) {
            long kAt = here();
            String key = key();
            if (peek() != ':') {
                throw Decline.INSTANCE;
            }
            pos++;
            if (peek() != ' ') {
                throw Decline.INSTANCE;
            }
            pos += spaces(pos);
            JsonNode value = flowValue(kAt, depth + 1);
            if (key.equals("<<") || obj.has(key)) {
                throw Decline.INSTANCE;
            }
            obj.set(key, value);
            pos += spaces(pos);
            char c = peek();
            pos++;
            if (c == '}') {
                return obj;
            }
            if (c != ',') {
                throw Decline.INSTANCE;
            }
            pos += spaces(pos);
        }
    }

    private ArrayNode flowSequence(long at, long keyAt, int depth) {
        ArrayNode arr = LocatedNodes.array(at, keyAt);
        pos++;
        pos += spaces(pos);
        if (peek() == ']') {
            pos++;
            return arr;
        }
        while (true) {
            arr.add(flowValue(LocatedNodes.NO_KEY, depth + 1));
            pos += spaces(pos);
            char c = peek();
            pos++;
            if (c == ']') {
                return arr;
            }
            if (c != ',') {
                throw Decline.INSTANCE;
            }
            pos += spaces(pos);
        }
    }

    /** A mapping key: a plain or double-quoted scalar, as its text. */
    private String key() {
        int start = pos;
        String key = peek() == '"' ? doubleQuoted() : plain(Integer.MAX_VALUE);
        if (pos - start > MAX_KEY) {
            throw Decline.INSTANCE;
        }
        return key;
    }

    private static boolean plainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '/' || c == '-';
    }

    /**
     * A plain scalar of the subset's characters, not starting with an indicator-like {@code -} or {@code .};
     * shared if at most {@code shareUpTo} long.
     */
    private String plain(int shareUpTo) {
        int start = pos;
        while (pos < n && plainChar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start || s.charAt(start) == '-' || s.charAt(start) == '.') {
            throw Decline.INSTANCE;
        }
        return pos - start <= shareUpTo ? shared(start, pos) : s.substring(start, pos);
    }

    /** The text from {@code start} to {@code end}, as the same String object each time it is asked for. */
    private String shared(int start, int end) {
        int len = end - start;
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s.charAt(i);
        }
        int mask = pool.length - 1;
        int i = (h ^ (h >>> 16)) & mask;
        for (String p = pool[i]; p != null; p = pool[i]) {
            if (p.length() == len && s.regionMatches(start, p, 0, len)) {
                return p;
            }
            i = (i + 1) & mask;
        }
        String v = s.substring(start, end);
        pool[i] = v;
        if (++pooled * 2 > pool.length) {
            String[] old = pool;
            pool = new String[old.length * 2];
            for (String p : old) {
                if (p != null) {
                    int hp = p.hashCode();
                    int j = (hp ^ (hp >>> 16)) & (pool.length - 1);
                    while (pool[j] != null) {
                        j = (j + 1) & (pool.length - 1);
                    }
                    pool[j] = p;
                }
            }
        }
        return v;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw Decline.INSTANCE;
    }

    /** A double-quoted scalar on one line with only the escapes {@code \"}, {@code \\} and {@code \\uXXXX}. */
    private String doubleQuoted() {
        pos++;
        int start = pos;
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '"') {
                return s.substring(start, pos++);
            }
            if (c == '\\') {
                break;
            }
            if (c < 0x20 || c > 0x7e) {
                throw Decline.INSTANCE;
            }
            pos++;
        }
        StringBuilder b = new StringBuilder(s.length() - start < 64 ? 16 : 64).append(s, start, pos);
        while (pos < n) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20 || c > 0x7e || pos >= n) {
                throw Decline.INSTANCE;
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(pos++);
            if (e == '"' || e == '\\') {
                b.append(e);
            } else if (e == 'u' && pos + 4 <= n) {
                int v = 0;
                for (int k = 0; k < 4; k++) {
                    v = v * 16 + hexDigit(s.charAt(pos++));
                }
                b.append((char) v);
            } else {
                throw Decline.INSTANCE;
            }
        }
        throw Decline.INSTANCE;
    }
}
