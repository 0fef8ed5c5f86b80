package dev.kpsim.scenarios.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.scenarios.doc.Located;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed reading of located values, reporting every problem as a located diagnostic with a stable code and a
 * sentence that starts with the field's path ({@code spec.ports[0].port: port 70000 is out of range (1-65535)}).
 * An absent or {@code null} value is never an error here: callers decide what absence means.
 *
 * <p>Codes: {@code bad-value} (wrong type), {@code bad-ip}, {@code bad-cidr}, {@code bad-port},
 * {@code unknown-enum}.
 */
public final class Values {
    private final Diagnostics diags;

    public Values(Diagnostics diags) {
        this.diags = diags;
    }

    public Diagnostics diagnostics() {
        return diags;
    }

    private static String prefix(Located at) {
        return at.path().isEmpty() ? "" : at.path() + ": ";
    }

    private static String describe(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return "'" + n.asText() + "'";
    }

    /** Reports a wrong-typed value. */
    public void typeError(Located at, String expected) {
        diags.error(at.location(), "bad-value", prefix(at) + "expected " + expected + ", got " + describe(at.node()));
    }

    /** A scalar as text (numbers and booleans in their canonical spelling); error for a mapping or list. */
    public Optional<String> string(Located at) {
        if (at.isAbsent()) {
            return Optional.empty();
        }
        if (!at.node().isValueNode()) {
            typeError(at, "a string");
            return Optional.empty();
        }
        return Optional.of(at.node().asText());
    }

    /** An integer (a number, or a string of digits); error otherwise. */
    public OptionalInt integer(Located at) {
        if (at.isAbsent()) {
            return OptionalInt.empty();
        }
        JsonNode n = at.node();
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return OptionalInt.of(n.intValue());
        }
        if (n.isTextual() && n.asText().matches("-?[0-9]{1,9}")) {
            return OptionalInt.of(Integer.parseInt(n.asText()));
        }
        typeError(at, "an integer");
        return OptionalInt.empty();
    }

    /** A boolean ({@code true}/{@code false}, or the strings "true"/"false"); error otherwise. */
    public Optional<Boolean> bool(Located at) {
        if (at.isAbsent()) {
            return Optional.empty();
        }
        JsonNode n = at.node();
        if (n.isBoolean()) {
            return Optional.of(n.booleanValue());
        }
        if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(n.asText()));
        }
        typeError(at, "true or false");
        return Optional.empty();
    }

    /** The elements of a list; a single scalar is read as a one-element list; error for a mapping. */
    public List<Located> list(Located at) {
        if (at.isAbsent()) {
            return List.of();
        }
        if (at.node().isArray()) {
            return at.elements();
        }
        if (at.node().isValueNode()) {
            return List.of(at);
        }
        typeError(at, "a list");
        return List.of();
    }

    /** A list of scalars (a single scalar counts as a list of one), each reported if it is no scalar. */
    public List<Located> stringList(Located at) {
        List<Located> out = new ArrayList<>();
        for (Located e : list(at)) {
            if (!e.node().isValueNode() || e.isAbsent()) {
                typeError(e, "a string");
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** A mapping of strings to strings (labels, selectors). */
    public Map<String, String> stringMap(Located at) {
        Map<String, String> out = new LinkedHashMap<>();
        if (at.isAbsent()) {
            return out;
        }
        if (!at.node().isObject()) {
            typeError(at, "a mapping of strings");
            return out;
        }
        for (Iterator<String> it = at.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            string(at.get(k)).ifPresent(s -> out.put(k, s));
        }
        return out;
    }

    /** Parses an IP address written at {@code at}. */
    public Optional<IpAddress> ip(String text, Located at) {
        Optional<IpAddress> ip = IpAddress.tryParse(text);
        if (ip.isEmpty()) {
            diags.error(at.location(), "bad-ip", prefix(at) + "'" + text + "' is not an IP address");
        }
        return ip;
    }

    /** Reads and parses an IP address; empty (no error) if absent. */
    public Optional<IpAddress> ip(Located at) {
        return string(at).flatMap(s -> ip(s, at));
    }

    /** Parses a CIDR written at {@code at} (surrounding blanks are ignored, as kube-proxy trims). */
    public Optional<Cidr> cidr(String text, Located at) {
        String t = text.trim();
        Optional<Cidr> c = t.contains("/") ? Cidr.tryParse(t) : Optional.empty();
        if (c.isEmpty()) {
            diags.error(at.location(), "bad-cidr", prefix(at) + "'" + text + "' is not a CIDR (expected ADDRESS/LENGTH)");
        }
        return c;
    }

    /** Reads a list of CIDRs, also accepting one comma-separated string (as {@code clusterCIDR} is written). */
    public List<Cidr> cidrs(Located at) {
        List<Cidr> out = new ArrayList<>();
        for (Located e : stringList(at)) {
            for (String part : e.text().split(",")) {
                if (!part.isBlank()) {
                    cidr(part, e).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** True if {@code port} is within 1-65535; otherwise reports {@code bad-port}. */
    public boolean checkPort(int port, Located at) {
        if (port < 1 || port > 65535) {
            diags.error(at.location(), "bad-port", prefix(at) + "port " + port + " is out of range (1-65535)");
            return false;
        }
        return true;
    }

    /** Reads a port number 1-65535; empty if absent or invalid. */
    public OptionalInt port(Located at) {
        OptionalInt v = integer(at);
        return v.isPresent() && checkPort(v.getAsInt(), at) ? v : OptionalInt.empty();
    }

    /**
     * Checks {@code text} against the allowed spellings (case-sensitive, as the Kubernetes API is); reports
     * {@code unknown-enum} with a suggestion otherwise.
     */
    public Optional<String> oneOf(String text, Located at, String what, List<String> allowed) {
        if (allowed.contains(text)) {
            return Optional.of(text);
        }
        String hint = EditDistance.closest(text, allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
        diags.error(at.location(), "unknown-enum",
                prefix(at) + "unknown " + what + " '" + text + "'" + hint + "; expected " + alternatives(allowed));
        return Optional.empty();
    }

    /** Reads a scalar and checks it with {@link #oneOf}; empty if absent. */
    public Optional<String> oneOf(Located at, String what, List<String> allowed) {
        return string(at).flatMap(s -> oneOf(s, at, what, allowed));
    }

    /** Reads an enum constant by its exact name; empty if absent or unknown (reported). */
    public <E extends Enum<E>> Optional<E> enumValue(Located at, String what, Class<E> type) {
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        return oneOf(at, what, names).map(s -> Enum.valueOf(type, s));
    }

    /** {@code A}, {@code A or B}, {@code A, B or C}. */
    public static String alternatives(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }
}
