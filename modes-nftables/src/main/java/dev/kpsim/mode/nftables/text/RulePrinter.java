package dev.kpsim.mode.nftables.text;

import dev.kpsim.mode.nftables.ast.Expr;
import dev.kpsim.mode.nftables.ast.FieldType;
import dev.kpsim.mode.nftables.ast.Stmt;
import dev.kpsim.mode.nftables.model.NftRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Prints rule statements as {@code nft list} (nft 1.0.6) prints them, from the parsed statements:
 * {@code mark set mark or 0x4000} becomes {@code meta mark set meta mark | 0x00004000}; {@code mark and 0x4000 == 0}
 * becomes {@code meta mark & 0x00004000 == 0x00000000}; a one-element anonymous set is printed as the bare element
 * (nft replaces it by a comparison when loading); anonymous set and map elements are sorted and separated by
 * {@code ", "}; {@code dnat ip addr . port to …} prints as {@code dnat ip to …}; a {@code meta l4proto tcp} made
 * redundant by a later {@code tcp} match is dropped; {@code counter} gains {@code packets 0 bytes 0}.
 */
public final class RulePrinter {

    private static final Set<String> UNQUALIFIED_META = Set.of("iif", "oif", "iifname", "oifname", "iifgroup",
            "oifgroup");
    private static final List<String> CT_STATE_ORDER = List.of("invalid", "established", "related", "new",
            "untracked");
    private static final List<String> CT_STATUS_ORDER = List.of("expected", "seen-reply", "assured", "confirmed",
            "snat", "dnat", "dying");

    private RulePrinter() {
    }

    /** The rule as {@code nft list} prints it (its own text when it came from a listing). */
    public static String list(NftRule rule) {
        if (rule.form() == NftRule.TextForm.LIST && rule.text() != null) {
            return rule.text();
        }
        return statements(rule.statements(), rule.comment());
    }

    /** Statements and comment in list form. */
    public static String statements(List<Stmt> stmts, String comment) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < stmts.size(); i++) {
            Stmt s = stmts.get(i);
            if (redundantDependency(s, stmts.subList(i + 1, stmts.size()))) {
                continue;
            }
            parts.add(statement(s));
        }
        if (comment != null) {
            parts.add("comment \"" + comment + "\"");
        }
        return String.join(" ", parts);
    }

    private static boolean redundantDependency(Stmt s, List<Stmt> rest) {
        if (!(s instanceof Stmt.Match m) || !m.op().isEmpty() || !(m.left() instanceof Expr.Meta meta)
                || !meta.key().equals("l4proto") || !(m.right() instanceof Expr.Literal lit)) {
            return false;
        }
        String proto = Values.canonical(lit.text(), FieldType.INET_PROTO);
        return rest.stream().anyMatch(r -> r instanceof Stmt.Match rm && usesProtocol(rm.left(), proto));
    }

    private static boolean usesProtocol(Expr e, String proto) {
        if (e instanceof Expr.Payload p) {
            return p.protocol().equals(proto);
        }
        if (e instanceof Expr.Concat c) {
            return c.parts().stream().anyMatch(x -> usesProtocol(x, proto));
        }
        return false;
    }

    /** One statement in list form. */
    public static String statement(Stmt s) {
        if (s instanceof Stmt.Match m) {
            FieldType t = FieldType.of(m.left());
            String op = m.op();
            boolean printOp = !op.isEmpty() && (!op.equals("==") || m.left() instanceof Expr.Binop
                    || RuleParser.isBitmask(m.left()));
            return expr(m.left()) + (printOp ? " " + op : "") + " " + value(m.right(), t, m.left());
        }
        if (s instanceof Stmt.Vmap v) {
            return expr(v.key()) + " vmap " + value(v.map(), FieldType.of(v.key()), v.key());
        }
        if (s instanceof Stmt.VerdictStmt v) {
            return v.verdict().text();
        }
        if (s instanceof Stmt.Counter c) {
            return "counter packets " + (c.packets() == null ? 0 : c.packets()) + " bytes "
                    + (c.bytes() == null ? 0 : c.bytes());
        }
        if (s instanceof Stmt.Reject r) {
            return r.options().isEmpty() ? "reject" : "reject " + r.options();
        }
        if (s instanceof Stmt.SetValue sv) {
            return expr(sv.target()) + " set " + valueExpr(sv.value(), FieldType.of(sv.target()));
        }
        if (s instanceof Stmt.Nat n) {
            return nat(n);
        }
        if (s instanceof Stmt.Dynset d) {
            return d.op() + " @" + d.set() + " { " + expr(d.key()) + (d.options().isEmpty() ? "" : " " + d.options())
                    + " }";
        }
        if (s instanceof Stmt.Log l) {
            return l.text();
        }
        return ((Stmt.Unknown) s).text();
    }

    private static String nat(Stmt.Nat n) {
        StringBuilder b = new StringBuilder(n.kind().keyword());
        switch (n.kind()) {
            case DNAT, SNAT -> {
                if (n.addressFamily() != null) {
                    b.append(' ').append(n.addressFamily());
                }
                b.append(" to ");
                if (n.address() == null) {
                    b.append(':').append(n.port());
                } else if (n.address() instanceof Expr.Literal l) {
                    String addr = Values.canonical(l.text(), l.text().contains(":") ? FieldType.IPV6_ADDR
                            : FieldType.IPV4_ADDR);
                    if (n.port() == null) {
                        b.append(addr);
                    } else {
                        b.append(addr.contains(":") ? "[" + addr + "]" : addr).append(':').append(n.port());
                    }
                } else {
                    b.append(valueExpr(n.address(), FieldType.UNKNOWN));
                }
            }
            default -> {
                if (n.port() != null) {
                    b.append(" to :").append(n.port());
                }
            }
        }
        if (!n.flags().isEmpty()) {
            b.append(' ').append(String.join(",", n.flags()));
        }
        return b.toString();
    }

    /** A field expression in list form. */
    public static String expr(Expr e) {
        if (e instanceof Expr.Payload p) {
            return p.protocol() + " " + p.field();
        }
        if (e instanceof Expr.Meta m) {
            return UNQUALIFIED_META.contains(m.key()) ? m.key() : "meta " + m.key();
        }
        if (e instanceof Expr.Ct c) {
            return "ct " + c.key();
        }
        if (e instanceof Expr.Fib f) {
            return "fib " + String.join(" . ", f.inputs()) + " " + f.result();
        }
        if (e instanceof Expr.Numgen n) {
            return "numgen " + n.mode() + " mod " + n.modulus() + (n.offset() != 0 ? " offset " + n.offset() : "");
        }
        if (e instanceof Expr.Concat c) {
            List<String> parts = new ArrayList<>();
            c.parts().forEach(x -> parts.add(expr(x)));
            return String.join(" . ", parts);
        }
        if (e instanceof Expr.Binop b) {
            FieldType t = FieldType.of(b.left());
            return expr(b.left()) + " " + b.op() + " " + valueExpr(b.right(), t);
        }
        if (e instanceof Expr.MapLookup ml) {
            return expr(ml.key()) + " map " + value(ml.map(), FieldType.of(ml.key()), ml.key());
        }
        return valueExpr(e, FieldType.UNKNOWN);
    }

    private static String valueExpr(Expr e, FieldType t) {
        if (e instanceof Expr.Literal l) {
            return Values.canonical(l.text(), t);
        }
        if (e instanceof Expr.Binop || e instanceof Expr.Payload || e instanceof Expr.Meta || e instanceof Expr.Ct
                || e instanceof Expr.Fib || e instanceof Expr.Numgen || e instanceof Expr.Concat
                || e instanceof Expr.MapLookup) {
            return expr(e);
        }
        return value(e, t, null);
    }

    /** A right-hand side: literal, flags, {@code @set}, or an anonymous set or map, typed by the left side. */
    static String value(Expr e, FieldType t, Expr left) {
        if (e instanceof Expr.Literal l) {
            return Values.canonical(l.text(), t);
        }
        if (e instanceof Expr.FlagList f) {
            List<String> order = t == FieldType.CT_STATUS ? CT_STATUS_ORDER : CT_STATE_ORDER;
            List<String> sorted = new ArrayList<>(f.flags());
            sorted.sort(Comparator.comparingInt(x -> order.indexOf(x) < 0 ? Integer.MAX_VALUE : order.indexOf(x)));
            return String.join(",", sorted);
        }
        if (e instanceof Expr.SetRef r) {
            return "@" + r.name();
        }
        List<FieldType> types = componentTypes(left);
        if (e instanceof Expr.SetLiteral s) {
            List<List<String>> els = new ArrayList<>();
            s.elements().forEach(x -> els.add(components(x, types)));
            if (els.size() == 1) {
                return String.join(" . ", els.get(0));
            }
            ElementOrder.sortByKey(els, x -> x, types);
            List<String> out = new ArrayList<>();
            els.forEach(x -> out.add(String.join(" . ", x)));
            return "{ " + String.join(", ", out) + " }";
        }
        if (e instanceof Expr.MapLiteral m) {
            List<Expr.MapEntry> entries = new ArrayList<>(m.entries());
            ElementOrder.sortByKey(entries, en -> components(en.key(), types), types);
            List<String> out = new ArrayList<>();
            for (Expr.MapEntry en : entries) {
                String v = en.value() instanceof Expr.VerdictValue vv ? vv.verdict().text()
                        : String.join(" . ", components(en.value(), List.of()));
                out.add(String.join(" . ", components(en.key(), types)) + " : " + v);
            }
            return "{ " + String.join(", ", out) + " }";
        }
        return expr(e);
    }

    private static List<FieldType> componentTypes(Expr left) {
        if (left == null) {
            return List.of(FieldType.UNKNOWN);
        }
        if (left instanceof Expr.Concat c) {
            return c.parts().stream().map(FieldType::of).toList();
        }
        return List.of(FieldType.of(left));
    }

    private static List<String> components(Expr e, List<FieldType> types) {
        List<Expr> parts = e instanceof Expr.Concat c ? c.parts() : List.of(e);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            FieldType t = i < types.size() ? types.get(i) : FieldType.UNKNOWN;
            Expr p = parts.get(i);
            out.add(p instanceof Expr.Literal l ? Values.canonical(l.text(), t) : expr(p));
        }
        return out;
    }
}
