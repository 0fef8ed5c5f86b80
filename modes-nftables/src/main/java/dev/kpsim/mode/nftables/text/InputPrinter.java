package dev.kpsim.mode.nftables.text;

import dev.kpsim.mode.nftables.ast.FieldType;
import dev.kpsim.mode.nftables.model.NftChain;
import dev.kpsim.mode.nftables.model.NftElement;
import dev.kpsim.mode.nftables.model.NftRule;
import dev.kpsim.mode.nftables.model.NftRuleset;
import dev.kpsim.mode.nftables.model.NftSet;
import dev.kpsim.mode.nftables.model.NftTable;
import java.util.Arrays;
import java.util.List;

/**
 * Prints tables as an {@code nft -f} transaction in knftables' syntax ({@code sigs.k8s.io/knftables}
 * {@code objects.go} {@code writeOperation}), the way kube-proxy writes them: {@code add table}, then every set and
 * map, then every chain, then every rule, then every element, each group in creation order. Declaring all chains
 * before any rule lets {@code nft -f} load the file in one pass (a {@code jump} must name an existing chain), and
 * loading it creates objects in the same order, so {@code nft list} afterwards prints what {@link ListPrinter} prints.
 * Priorities are numbers ({@code priority -110 ;}), timeouts seconds ({@code timeout 10800s ;}).
 */
public final class InputPrinter {

    private InputPrinter() {
    }

    public static String ruleset(NftRuleset rs) {
        StringBuilder b = new StringBuilder(sizeHint(rs));
        rs.tables().forEach(t -> table(t, b));
        return b.toString();
    }

    /**
     * About how many characters {@link #ruleset} prints (rule texts and element keys counted, the fixed parts of each
     * line estimated), so that a ruleset of 100,000 rules is written without growing its buffer many times.
     */
    private static int sizeHint(NftRuleset rs) {
        long n = 0;
        for (NftTable t : rs.tables()) {
            int prefix = t.family().keyword().length() + t.name().length() + 2;
            for (NftChain c : t.chains()) {
                n += 48 + prefix + c.name().length();
                for (NftRule r : c.rules()) {
                    n += 12 + prefix + c.name().length() + (r.text() != null ? r.text().length() : 64);
                }
            }
            for (NftSet s : t.sets()) {
                n += 160 + prefix + s.name().length();
                for (NftElement e : s.elements()) {
                    n += 24 + prefix + s.name().length() + (e.comment() != null ? e.comment().length() + 12 : 0);
                    for (String k : e.key()) {
                        n += k.length() + 3;
                    }
                    n += e.verdict() != null ? 64 : 0;
                }
            }
        }
        return (int) Math.min(n + 64, Integer.MAX_VALUE - 16);
    }

    public static String table(NftTable t) {
        StringBuilder b = new StringBuilder();
        table(t, b);
        return b.toString();
    }

    private static void table(NftTable t, StringBuilder b) {
        String prefix = t.family().keyword() + " " + t.name();
        b.append("add table ").append(prefix);
        if (t.comment() != null || !t.flags().isEmpty()) {
            b.append(" {");
            if (t.comment() != null) {
                b.append(" comment \"").append(t.comment()).append("\" ;");
            }
            if (!t.flags().isEmpty()) {
                b.append(" flags ").append(String.join(",", t.flags())).append(" ;");
            }
            b.append(" }");
        }
        b.append('\n');
        for (NftSet s : t.sets()) {
            b.append("add ").append(s.map() ? "map " : "set ").append(prefix).append(' ').append(s.name()).append(" {")
                    .append(s.typeof() ? " typeof " : " type ").append(s.keyType());
            if (s.map()) {
                b.append(" : ").append(s.dataType());
            }
            b.append(" ;");
            if (!s.flags().isEmpty()) {
                b.append(" flags ").append(String.join(",", s.flags())).append(" ;");
            }
            if (s.timeout() != null) {
                b.append(" timeout ").append(NftDuration.input(s.timeout())).append(" ;");
            }
            if (s.gcInterval() != null) {
                b.append(" gc-interval ").append(NftDuration.input(s.gcInterval())).append(" ;");
            }
            if (s.size() != null) {
                b.append(" size ").append(s.size()).append(" ;");
            }
            if (s.policy() != null) {
                b.append(" policy ").append(s.policy()).append(" ;");
            }
            if (s.comment() != null) {
                b.append(" comment \"").append(s.comment()).append("\" ;");
            }
            b.append(" }\n");
        }
        for (NftChain c : t.chains()) {
            b.append("add chain ").append(prefix).append(' ').append(c.name());
            if (c.base() != null || c.comment() != null) {
                b.append(" {");
                if (c.base() != null) {
                    b.append(" type ").append(c.base().type().keyword()).append(" hook ").append(c.base().hook().keyword());
                    if (c.base().device() != null) {
                        b.append(" device \"").append(c.base().device()).append('"');
                    }
                    b.append(" priority ").append(c.base().priority().inputText()).append(" ;");
                    if (!c.base().policy().equals("accept")) {
                        b.append(" policy ").append(c.base().policy()).append(" ;");
                    }
                }
                if (c.comment() != null) {
                    b.append(" comment \"").append(c.comment()).append("\" ;");
                }
                b.append(" }");
            }
            b.append('\n');
        }
        for (NftChain c : t.chains()) {
            for (NftRule r : c.rules()) {
                b.append("add rule ").append(prefix).append(' ').append(c.name()).append(' ').append(rule(r)).append('\n');
            }
        }
        for (NftSet s : t.sets()) {
            List<FieldType> keyTypes = s.keyTypes().stream().map(FieldType::ofTypeName).toList();
            List<FieldType> dataTypes = s.map() && s.dataType() != null
                    ? Arrays.stream(s.dataType().split(" \\. ")).map(String::trim).map(FieldType::ofTypeName).toList()
                    : List.of();
            for (NftElement e : s.elements()) {
                b.append("add element ").append(prefix).append(' ').append(s.name()).append(" { ")
                        .append(ListPrinter.element(e, keyTypes, dataTypes)).append(" }\n");
            }
        }
    }

    /** A rule's {@code nft -f} text: its own text when written for {@code nft -f}, else its list form. */
    public static String rule(NftRule r) {
        return r.form() == NftRule.TextForm.INPUT && r.text() != null ? r.text() : RulePrinter.list(r);
    }
}
