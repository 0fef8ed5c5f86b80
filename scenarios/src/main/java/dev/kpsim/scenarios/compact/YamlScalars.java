package dev.kpsim.scenarios.compact;

import dev.kpsim.scenarios.doc.PlainScalars;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * How {@link ScenarioWriter} spells a string so that kpsim's YAML reader gives back exactly that string: plain
 * when it consists of {@code [A-Za-z0-9._/-]} only (nothing a YAML flow collection treats as syntax), does not start
 * with {@code -} or {@code .}, and SnakeYAML's YAML 1.1 implicit resolution (the one the reader uses, as
 * go-yaml v2 does for {@code kubectl}) types it as a string; double-quoted with escapes otherwise ({@code "1.30"},
 * {@code "yes"}, {@code "null"}, {@code "fd00::1"}, {@code ""}).
 */
final class YamlScalars {
    private static final Resolver RESOLVER = new Resolver();

    private YamlScalars() {
    }

    /** Appends {@code s} as a YAML scalar. */
    static void append(StringBuilder out, String s) {
        if (isPlain(s)) {
            out.append(s);
        } else {
            quote(out, s);
        }
    }

    /** True if {@code s} may be written without quotes in flow and block context. */
    static boolean isPlain(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        if (first == '-' || first == '.') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '/' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return PlainScalars.surelyString(s) || RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR);
    }

    /**
     * Appends {@code s} double-quoted: backslash and quote escaped, control characters (C0, DEL, C1) and the
     * byte-order mark as backslash-u escapes, everything else (any printable Unicode) as is.
     */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f || c > 0x9f && c != 0xfeff) {
                out.append(c);
            } else {
                out.append("\\u");
                String hex = Integer.toHexString(c);
                out.append("0".repeat(4 - hex.length())).append(hex);
            }
        }
        out.append('"');
    }
}
