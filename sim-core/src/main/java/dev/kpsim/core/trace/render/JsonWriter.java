package dev.kpsim.core.trace.render;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small hand-written JSON writer (RFC 8259) with two-space indentation and keys in the order written, so the same
 * data always gives the same bytes. Strings are escaped as the RFC requires: {@code "} and {@code \}, and every
 * control character below U+0020 ({@code \b \f \n \r \t}, others as {@code \}{@code u00XX}); U+2028/U+2029 are
 * escaped too so the output is also valid JavaScript. Numbers that are not finite are written as {@code null}.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final Deque<boolean[]> first = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        open('{');
        return this;
    }

    public JsonWriter endObject() {
        close('}');
        return this;
    }

    public JsonWriter beginArray() {
        open('[');
        return this;
    }

    public JsonWriter endArray() {
        close(']');
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(long v) {
        separate();
        out.append(v);
        return this;
    }

    public JsonWriter value(double v) {
        separate();
        out.append(Double.isFinite(v) ? Double.toString(v) : "null");
        return this;
    }

    public JsonWriter value(boolean v) {
        separate();
        out.append(v);
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    /** The document written so far, followed by a newline. */
    public String finish() {
        return out + "\n";
    }

    private void open(char c) {
        separate();
        out.append(c);
        first.push(new boolean[]{true});
    }

    private void close(char c) {
        boolean empty = first.pop()[0];
        if (!empty) {
            newline();
        }
        out.append(c);
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (first.isEmpty()) {
            return;
        }
        boolean[] f = first.peek();
        if (!f[0]) {
            out.append(',');
        }
        f[0] = false;
        newline();
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < first.size(); i++) {
            out.append("  ");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
