package dev.kpsim.scenarios.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;

/**
 * The Jackson nodes of a {@link LocatedDocument}'s tree: ordinary Jackson nodes (equal to, and read by Jackson
 * like, the plain ones) that also carry where they were written, so a document needs no separate location
 * index. A position is packed into a {@code long} as {@code line << 32 | column}, both 1-based within the
 * document's {@link SourceText}; it becomes a {@link dev.kpsim.core.diag.SourceLocation} only when asked for.
 * Each node holds its value's position and, for a mapping entry, its key's (the value's otherwise). A node
 * belongs to one place in one tree (the readers never share nodes, not even small numbers or booleans).
 */
final class LocatedNodes {
    private LocatedNodes() {
    }

    /** Where a node and its key were written. */
    interface Marked {
        /** The packed position of the value. */
        long at();

        /** The packed position of the mapping key that names this value; {@link #at()} if none. */
        long keyAt();
    }

    /** Stands for "no key" where a reader passes a key's position: a packed position is never 0. */
    static final long NO_KEY = 0L;

    /** Packs a 1-based line and column. */
    static long pack(int line, int column) {
        return (long) line << 32 | (column & 0xFFFFFFFFL);
    }

    static int line(long packed) {
        return (int) (packed >>> 32);
    }

    static int column(long packed) {
        return (int) packed;
    }

    static ObjectNode object(long at, long keyAt) {
        return new LObject(at, keyAt);
    }

    static ArrayNode array(long at, long keyAt) {
        return new LArray(at, keyAt);
    }

    static JsonNode text(String v, long at, long keyAt) {
        return new LText(v, at, keyAt);
    }

    static JsonNode number(int v, long at, long keyAt) {
        return new LInt(v, at, keyAt);
    }

    static JsonNode number(long v, long at, long keyAt) {
        return new LLong(v, at, keyAt);
    }

    /** The narrowest of int, long and big integer, as Jackson's own parsers choose. */
    static JsonNode number(BigInteger v, long at, long keyAt) {
        return v.bitLength() < 32 ? number(v.intValue(), at, keyAt)
                : v.bitLength() < 64 ? number(v.longValue(), at, keyAt) : new LBigInteger(v, at, keyAt);
    }

    static JsonNode number(double v, long at, long keyAt) {
        return new LDouble(v, at, keyAt);
    }

    static JsonNode bool(boolean v, long at, long keyAt) {
        return new LBoolean(v, at, keyAt);
    }

    static JsonNode nullNode(long at, long keyAt) {
        return new LNull(at, keyAt);
    }

    private static final class LObject extends ObjectNode implements Marked {
        private final long at;
        private final long keyAt;

        LObject(long at, long keyAt) {
            super(JsonNodeFactory.instance, new SmallFieldMap());
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }

    private static final class LArray extends ArrayNode implements Marked {
        private final long at;
        private final long keyAt;

        LArray(long at, long keyAt) {
            super(JsonNodeFactory.instance);
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }

    private static final class LText extends TextNode implements Marked {
        private final long at;
        private final long keyAt;

        LText(String v, long at, long keyAt) {
            super(v);
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }

    private static final class LInt extends IntNode implements Marked {
        private final long at;
        private final long keyAt;

        LInt(int v, long at, long keyAt) {
            super(v);
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }

    private static final class LLong extends LongNode implements Marked {
        private final long at;
        private final long keyAt;

        LLong(long v, long at, long keyAt) {
            super(v);
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }

    private static final class LBigInteger extends BigIntegerNode implements Marked {
        private final long at;
        private final long keyAt;

        LBigInteger(BigInteger v, long at, long keyAt) {
            super(v);
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }

    private static final class LDouble extends DoubleNode implements Marked {
        private final long at;
        private final long keyAt;

        LDouble(double v, long at, long keyAt) {
            super(v);
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }

    private static final class LBoolean extends BooleanNode implements Marked {
        private final long at;
        private final long keyAt;

        LBoolean(boolean v, long at, long keyAt) {
            super(v);
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }

    private static final class LNull extends NullNode implements Marked {
        private final long at;
        private final long keyAt;

        LNull(long at, long keyAt) {
            this.at = at;
            this.keyAt = keyAt;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long keyAt() {
            return keyAt;
        }
    }
}
