package dev.kpsim.mode.nftables.text;

import dev.kpsim.mode.nftables.ast.FieldType;
import dev.kpsim.mode.nftables.ast.Stmt;
import dev.kpsim.mode.nftables.model.NftChain;
import dev.kpsim.mode.nftables.model.NftElement;
import dev.kpsim.mode.nftables.model.NftRule;
import dev.kpsim.mode.nftables.model.NftRuleset;
import dev.kpsim.mode.nftables.model.NftSet;
import dev.kpsim.mode.nftables.model.NftTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints tables exactly as {@code nft list table} / {@code nft list ruleset} (nft 1.0.6, nftables {@code src/rule.c}
 * {@code table_print}, {@code set_print_declaration}, {@code chain_print_declaration}) does: the table comment,
 * then sets and maps, then chains, each in creation order and separated by a blank line, one tab per nesting
 * level. Elements are sorted as nft sorts them ({@link ElementOrder}) and wrapped as {@code calculate_delim} wraps
 * them: two IPv4 addresses or five ports per line, one element per line for other types and concatenations. A set
 * that a rule updates dynamically without a declared size shows {@code size 65535}, as the kernel gives it.
 */
public final class ListPrinter {

    private static final String NEWLINE_DELIM = ",\n\t\t\t     ";
    private static final List<String> FLAG_ORDER = List.of("constant", "dynamic", "interval", "timeout");
    private static final int DYNSET_DEFAULT_SIZE = 65535;

    private ListPrinter() {
    }

    /** Every table, as {@code nft list ruleset}. */
    public static String ruleset(NftRuleset rs) {
        StringBuilder b = new StringBuilder();
        rs.tables().forEach(t -> table(t, b));
        return b.toString();
    }

    /** One table, as {@code nft list table FAMILY NAME}. */
    public static String table(NftTable t) {
        StringBuilder b = new StringBuilder();
        table(t, b);
        return b.toString();
    }

    private static void table(NftTable t, StringBuilder b) {
        if (t.warning() != null) {
            b.append(t.warning()).append('\n');
        }
        b.append("table ").append(t.family().keyword()).append(' ').append(t.name()).append(" {\n");
        if (t.comment() != null) {
            b.append("\tcomment \"").append(t.comment()).append("\"\n");
        }
        if (!t.flags().isEmpty()) {
            b.append("\tflags ").append(String.join(",", t.flags())).append('\n');
        }
        Set<String> dynsetTargets = dynsetTargets(t);
        String delim = "";
        for (NftSet s : t.sets()) {
            b.append(delim);
            set(b, s, dynsetTargets.contains(s.name()));
            delim = "\n";
        }
        for (NftChain c : t.chains()) {
            b.append(delim);
            chain(b, t, c);
            delim = "\n";
        }
        b.append("}\n");
    }

    private static Set<String> dynsetTargets(NftTable t) {
        Set<String> out = new HashSet<>();
        for (NftChain c : t.chains()) {
            for (NftRule r : c.rules()) {
                for (Stmt s : r.statements()) {
                    if (s instanceof Stmt.Dynset d) {
                        out.add(d.set());
                    }
                }
            }
        }
        return out;
    }

    private static void set(StringBuilder b, NftSet s, boolean dynsetTarget) {
        b.append('\t').append(s.map() ? "map " : "set ").append(s.name()).append(" {\n");
        b.append("\t\t").append(s.typeof() ? "typeof " : "type ").append(s.keyType());
        if (s.map()) {
            b.append(" : ").append(s.dataType());
        }
        b.append('\n');
        Integer size = s.size() != null ? s.size() : dynsetTarget ? Integer.valueOf(DYNSET_DEFAULT_SIZE) : null;
        if (size != null) {
            b.append("\t\tsize ").append(size).append('\n');
        }
        if (!s.flags().isEmpty()) {
            List<String> flags = new ArrayList<>(s.flags());
            flags.sort((x, y) -> Integer.compare(rank(x), rank(y)));
            b.append("\t\tflags ").append(String.join(",", flags)).append('\n');
        }
        if (s.timeout() != null) {
            b.append("\t\ttimeout ").append(NftDuration.list(s.timeout())).append('\n');
        }
        if (s.gcInterval() != null) {
            b.append("\t\tgc-interval ").append(NftDuration.list(s.gcInterval())).append('\n');
        }
        if (s.policy() != null) {
            b.append("\t\tpolicy ").append(s.policy()).append('\n');
        }
        if (s.comment() != null) {
            b.append("\t\tcomment \"").append(s.comment()).append("\"\n");
        }
        if (!s.elements().isEmpty()) {
            b.append("\t\telements = { ").append(elements(s)).append(" }\n");
        }
        b.append("\t}\n");
    }

    private static int rank(String flag) {
        int i = FLAG_ORDER.indexOf(flag);
        return i < 0 ? FLAG_ORDER.size() : i;
    }

    /** The elements of a set, sorted and delimited as nft prints them inside {@code elements = { … }}. */
    static String elements(NftSet s) {
        List<FieldType> keyTypes = s.keyTypes().stream().map(FieldType::ofTypeName).toList();
        List<FieldType> dataTypes = s.map() && s.dataType() != null
                ? java.util.Arrays.stream(s.dataType().split(" \\. ")).map(String::trim).map(FieldType::ofTypeName).toList()
                : List.of();
        List<NftElement> els = new ArrayList<>(s.elements());
        ElementOrder.sortByKey(els, NftElement::key, keyTypes);
        int perLine = keyTypes.size() != 1 ? 1 : switch (keyTypes.get(0)) {
            case INET_PROTO, INET_SERVICE, MARK, INTEGER -> 5;
            case IPV4_ADDR, CT_STATE, CT_STATUS -> 2;
            default -> 1;
        };
        StringBuilder b = new StringBuilder();
        int count = 0;
        String d = "";
        for (NftElement e : els) {
            b.append(d).append(element(e, keyTypes, dataTypes));
            count++;
            if (perLine > 1 && count < perLine) {
                d = ", ";
            } else {
                d = NEWLINE_DELIM;
                count = 0;
            }
        }
        return b.toString();
    }

    /** One element: key, comment, options, and {@code : value} for maps. */
    static String element(NftElement e, List<FieldType> keyTypes, List<FieldType> dataTypes) {
        StringBuilder b = new StringBuilder();
        b.append(components(e.key(), keyTypes));
        if (e.comment() != null) {
            b.append(" comment \"").append(e.comment()).append('"');
        }
        if (e.extra() != null) {
            b.append(' ').append(e.extra());
        }
        if (e.verdict() != null) {
            b.append(" : ").append(e.verdict().text());
        } else if (!e.data().isEmpty()) {
            b.append(" : ").append(components(e.data(), dataTypes));
        }
        return b.toString();
    }

    private static String components(List<String> comps, List<FieldType> types) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < comps.size(); i++) {
            out.add(Values.canonical(comps.get(i), i < types.size() ? types.get(i) : FieldType.UNKNOWN));
        }
        return String.join(" . ", out);
    }

    private static void chain(StringBuilder b, NftTable t, NftChain c) {
        b.append("\tchain ").append(c.name()).append(" {\n");
        if (c.comment() != null) {
            b.append("\t\tcomment \"").append(c.comment()).append("\"\n");
        }
        if (c.base() != null) {
            b.append("\t\ttype ").append(c.base().type().keyword()).append(" hook ").append(c.base().hook().keyword());
            if (c.base().device() != null) {
                b.append(" device \"").append(c.base().device()).append('"');
            }
            b.append(" priority ").append(c.base().priority().listText(t.family(), c.base().hook()))
                    .append("; policy ").append(c.base().policy()).append(";\n");
        }
        for (NftRule r : c.rules()) {
            b.append("\t\t").append(RulePrinter.list(r)).append('\n');
        }
        b.append("\t}\n");
    }
}
