package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CommentEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The fast path of {@link YamlDocumentReader} for the plain YAML almost every input is: builds the located trees
 * straight from SnakeYAML's parser events, without the composer's node graph (two marks and three comment lists
 * per node: about 750 MB for a 25 MB scenario, most of the time spent loading one). It gives exactly what the
 * composer path gives (same tree, same locations: a node is located at its event's start mark, a key at its
 * scalar's) and declines, returning null, on anything it does not handle itself — anchors, aliases, merge keys,
 * non-scalar or duplicate keys, custom global tags, nesting near the depth limit, any syntax error — so the
 * composer path reads such a text from the start and reports what it reports.
 */
final class YamlEventReader {
    private static final Resolver RESOLVER = new Resolver();

    /** Thrown to abandon the fast path. */
    private static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Decline INSTANCE = new Decline();

        private Decline() {
            super(null, null, false, false);
        }
    }

    private final SourceText src;
    private final Iterator<Event> events;
    private final int maxDepth;

    private YamlEventReader(SourceText src, Iterator<Event> events, int maxDepth) {
        this.src = src;
        this.events = events;
        this.maxDepth = maxDepth;
    }

    /** Every document of {@code src}, or null if the composer must read it. */
    static List<LocatedDocument> read(SourceText src, Yaml yaml, int maxDepth) {
        try {
            YamlEventReader r = new YamlEventReader(src, yaml.parse(new StringReader(src.text())).iterator(), maxDepth);
            return r.documents();
        } catch (Decline | YAMLException e) {
            return null;
        }
    }

    private List<LocatedDocument> documents() {
        List<LocatedDocument> out = new ArrayList<>();
        if (!(next() instanceof StreamStartEvent)) {
            throw Decline.INSTANCE;
        }
        int index = 0;
        while (true) {
            Event e = next();
            if (e instanceof StreamEndEvent) {
                return out;
            }
            if (!(e instanceof DocumentStartEvent)) {
                throw Decline.INSTANCE;
            }
            Event first = next();
            long start = pack(first.getStartMark());
            JsonNode root = node(first, LocatedNodes.NO_KEY, 0);
            if (!(next() instanceof DocumentEndEvent)) {
                throw Decline.INSTANCE;
            }
            out.add(new LocatedDocument(src, index++, root, src.location(start)));
        }
    }

    private Event next() {
        Event e = events.next();
        while (e instanceof CommentEvent) {
            e = events.next();
        }
        return e;
    }

    /** The packed 1-based position of a 0-based mark. */
    static long pack(Mark m) {
        return m == null ? LocatedNodes.pack(1, 1) : LocatedNodes.pack(m.getLine() + 1, m.getColumn() + 1);
    }

    /**
     * The node whose first event is {@code e}.
     *
     * @param keyAt the packed position of the key naming it, or {@link LocatedNodes#NO_KEY}
     */
    private JsonNode node(Event e, long keyAt, int depth) {
        if (depth >= maxDepth - 1 || !(e instanceof NodeEvent ne) || ne.getAnchor() != null) {
            throw Decline.INSTANCE;
        }
        long at = pack(e.getStartMark());
        long key = keyAt == LocatedNodes.NO_KEY ? at : keyAt;
        if (e instanceof ScalarEvent s) {
            return YamlDocumentReader.scalar(s.getValue(), tag(s), at, key);
        }
        if (e instanceof MappingStartEvent) {
            ObjectNode obj = LocatedNodes.object(at, key);
            for (Event k = next(); !(k instanceof MappingEndEvent); k = next()) {
                if (!(k instanceof ScalarEvent ks) || ks.getAnchor() != null) {
                    throw Decline.INSTANCE;
                }
                String name = ks.getValue();
                if (name.equals("<<") || obj.has(name)) {
                    throw Decline.INSTANCE;
                }
                tag(ks);
                obj.set(name, node(next(), pack(ks.getStartMark()), depth + 1));
            }
            return obj;
        }
        if (e instanceof SequenceStartEvent) {
            ArrayNode arr = LocatedNodes.array(at, key);
            for (Event item = next(); !(item instanceof SequenceEndEvent); item = next()) {
                arr.add(node(item, LocatedNodes.NO_KEY, depth + 1));
            }
            return arr;
        }
        throw Decline.INSTANCE;
    }

    /**
     * The composer's tag for a scalar: resolved when implicit (a quoted scalar and a {@link PlainScalars#surelyString}
     * one are strings without running the resolver's regular expressions), else as written (a custom global tag
     * declines).
     */
    private static Tag tag(ScalarEvent s) {
        String written = s.getTag();
        if (written == null || written.equals("!")) {
            boolean plain = s.getImplicit().canOmitTagInPlainScalar();
            return !plain || PlainScalars.surelyString(s.getValue()) ? Tag.STR : RESOLVER.resolve(NodeId.scalar, s.getValue(), true);
        }
        Tag t = new Tag(written);
        if (t.isCustomGlobal()) {
            throw Decline.INSTANCE;
        }
        return t;
    }
}
