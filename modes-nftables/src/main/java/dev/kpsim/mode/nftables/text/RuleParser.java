package dev.kpsim.mode.nftables.text;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.mode.nftables.ast.Expr;
import dev.kpsim.mode.nftables.ast.Stmt;
import dev.kpsim.mode.nftables.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the statements of one nft rule, in {@code nft list} or {@code nft -f} syntax, for the subset kube-proxy and
 * common CNIs write (payload, meta, ct, fib and numgen matches, concatenations, set and map lookups, verdict maps,
 * mark statements, NAT, dynamic-set updates, log, counter, reject, verdicts).
 *
 * <p>From the first construct it does not understand to the end of the rule (before a trailing comment), the text is
 * kept as one {@link Stmt.Unknown}; a verdict at the very end is still split off so that the rule's consequence stays
 * visible. Recursive descent over tokens; O(tokens).
 */
public final class RuleParser {

    private static final Set<String> PAYLOAD_PROTOCOLS = Set.of("ip", "ip6", "th", "tcp", "udp", "sctp", "udplite",
            "dccp", "icmp", "icmpv6", "ether", "vlan", "arp", "ah", "esp", "comp", "gre", "igmp");
    private static final Set<String> UNQUALIFIED_META = Set.of("mark", "iif", "oif", "iifname", "oifname", "iiftype",
            "oiftype", "skuid", "skgid", "pkttype", "iifgroup", "oifgroup", "cgroup", "priority");
    private static final Set<String> OPS = Set.of("==", "!=", "<", ">", "<=", ">=", "eq", "ne", "lt", "gt", "le", "ge");
    private static final Set<String> BINOPS = Set.of("&", "|", "^", "and", "or", "xor");
    private static final Set<String> NAT_FLAGS = Set.of("fully-random", "random", "persistent");
    private static final Set<String> LOG_OPTIONS = Set.of("prefix", "level", "flags", "group", "snaplen",
            "queue-threshold");

    private final String src;
    private final List<Token> toks;
    private int pos;
    private int end;

    private RuleParser(String src, List<Token> toks) {
        this.src = src;
        this.toks = toks;
        this.end = toks.size();
    }

    /** Signals that the construct at the cursor is not understood. */
    private static final class Fail extends Exception {
        private static final long serialVersionUID = 1L;

        Fail() {
            super(null, null, false, false);
        }
    }

    /** Parses a rule given as text (as generators write it). */
    public static ParsedRule parse(String ruleText) {
        return parse(ruleText, Lexer.ruleTokens(ruleText, new Diagnostics()));
    }

    /** Parses the tokens of one rule; {@code src} is the text the tokens' offsets refer to. */
    public static ParsedRule parse(String src, List<Token> tokens) {
        return new RuleParser(src, tokens).rule();
    }

    private ParsedRule rule() {
        String comment = null;
        if (end >= 2 && toks.get(end - 2).is("comment") && toks.get(end - 1).kind() == Token.Kind.STRING) {
            comment = unquote(toks.get(end - 1).text());
            end -= 2;
        }
        List<Stmt> out = new ArrayList<>();
        while (pos < end) {
            int start = pos;
            try {
                out.add(statement());
            } catch (Fail f) {
                pos = start;
                out.addAll(unknownTail());
                break;
            }
        }
        return new ParsedRule(out, comment);
    }

    private List<Stmt> unknownTail() {
        int verdictAt = -1;
        Token last = toks.get(end - 1);
        if (last.isWord() && Set.of("accept", "drop", "return", "continue", "queue").contains(last.text())) {
            verdictAt = end - 1;
        } else if (end - 2 >= pos && (toks.get(end - 2).is("jump") || toks.get(end - 2).is("goto"))
                && last.isWord()) {
            verdictAt = end - 2;
        }
        List<Stmt> out = new ArrayList<>();
        int unknownEnd = verdictAt < 0 ? end : verdictAt;
        if (unknownEnd > pos) {
            out.add(new Stmt.Unknown(text(pos, unknownEnd)));
        }
        if (verdictAt >= 0) {
            String next = verdictAt + 1 < end ? toks.get(verdictAt + 1).text() : null;
            String word = toks.get(verdictAt).text();
            out.add(new Stmt.VerdictStmt(Verdict.parse(word, word.equals("jump") || word.equals("goto") ? next : null)
                    .orElseThrow()));
        }
        pos = end;
        return out;
    }

    private String text(int from, int to) {
        return src.substring(toks.get(from).start(), toks.get(to - 1).end());
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private Token peek() {
        return pos < end ? toks.get(pos) : null;
    }

    private Token peek(int ahead) {
        return pos + ahead < end ? toks.get(pos + ahead) : null;
    }

    private boolean at(String word) {
        Token t = peek();
        return t != null && t.is(word);
    }

    private Token next() throws Fail {
        if (pos >= end) {
            throw new Fail();
        }
        return toks.get(pos++);
    }

    private String word() throws Fail {
        Token t = next();
        if (!t.isWord()) {
            throw new Fail();
        }
        return t.text();
    }

    private void expect(String w) throws Fail {
        if (!word().equals(w)) {
            throw new Fail();
        }
    }

    private void expect(Token.Kind k) throws Fail {
        if (next().kind() != k) {
            throw new Fail();
        }
    }

    private Stmt statement() throws Fail {
        Token t = peek();
        if (!t.isWord()) {
            throw new Fail();
        }
        String w = t.text();
        if (Verdict.isKeyword(w)) {
            pos++;
            String chain = null;
            if (w.equals("jump") || w.equals("goto")) {
                chain = word();
            }
            return new Stmt.VerdictStmt(Verdict.parse(w, chain).orElseThrow(Fail::new));
        }
        switch (w) {
            case "counter" -> {
                pos++;
                Long packets = null;
                Long bytes = null;
                if (at("packets")) {
                    pos++;
                    packets = number(word());
                    expect("bytes");
                    bytes = number(word());
                }
                return new Stmt.Counter(packets, bytes);
            }
            case "reject" -> {
                pos++;
                if (!at("with")) {
                    return new Stmt.Reject("");
                }
                int s = pos;
                pos++;
                String kind = word();
                word();
                if (!kind.equals("tcp")) {
                    word();
                }
                return new Stmt.Reject(text(s, pos));
            }
            case "masquerade", "redirect" -> {
                pos++;
                String port = null;
                if (at("to")) {
                    pos++;
                    String p = word();
                    if (!p.startsWith(":")) {
                        throw new Fail();
                    }
                    port = p.substring(1);
                }
                return new Stmt.Nat(w.equals("masquerade") ? Stmt.NatKind.MASQUERADE : Stmt.NatKind.REDIRECT, null,
                        false, null, port, natFlags());
            }
            case "dnat", "snat" -> {
                pos++;
                return nat(w.equals("dnat") ? Stmt.NatKind.DNAT : Stmt.NatKind.SNAT);
            }
            case "update", "add", "delete" -> {
                Token n = peek(1);
                if (n != null && n.isWord() && n.text().startsWith("@")) {
                    pos += 2;
                    expect(Token.Kind.LBRACE);
                    Expr key = expr();
                    StringBuilder opts = new StringBuilder();
                    while (peek() != null && peek().kind() != Token.Kind.RBRACE) {
                        opts.append(opts.length() == 0 ? "" : " ").append(next().text());
                    }
                    expect(Token.Kind.RBRACE);
                    return new Stmt.Dynset(w, n.text().substring(1), key, opts.toString());
                }
                throw new Fail();
            }
            case "log" -> {
                int s = pos;
                pos++;
                while (peek() != null && peek().isWord() && LOG_OPTIONS.contains(peek().text())) {
                    pos++;
                    next();
                }
                return new Stmt.Log(text(s, pos));
            }
            default -> {
                return expressionStatement();
            }
        }
    }

    private List<String> natFlags() throws Fail {
        List<String> flags = new ArrayList<>();
        while (peek() != null && peek().isWord() && NAT_FLAGS.contains(peek().text())) {
            flags.add(word());
            if (peek() != null && peek().kind() == Token.Kind.COMMA) {
                pos++;
            }
        }
        return flags;
    }

    private Stmt nat(Stmt.NatKind kind) throws Fail {
        String family = null;
        boolean addrPort = false;
        if (at("ip") || at("ip6")) {
            family = word();
        }
        if (at("addr")) {
            pos++;
            expect(".");
            expect("port");
            addrPort = true;
        }
        expect("to");
        Token t = peek();
        if (t == null || !t.isWord()) {
            throw new Fail();
        }
        Expr address;
        String port = null;
        if (t.text().startsWith(":")) {
            pos++;
            return new Stmt.Nat(kind, family, addrPort, null, t.text().substring(1), natFlags());
        }
        if (isFieldStart(t.text())) {
            Expr key = expr();
            if (!at("map")) {
                address = key;
            } else {
                pos++;
                address = new Expr.MapLookup(key, mapArgument());
            }
        } else {
            pos++;
            String[] hp = splitHostPort(t.text());
            address = new Expr.Literal(hp[0]);
            port = hp[1];
        }
        return new Stmt.Nat(kind, family, addrPort, address, port, natFlags());
    }

    /** {@code 10.0.0.1:80} → [10.0.0.1, 80]; {@code [fd00::1]:80} → [fd00::1, 80]; a bare address has a null port. */
    static String[] splitHostPort(String s) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            return new String[] {host, rest.startsWith(":") ? rest.substring(1) : null};
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && s.indexOf(':', colon + 1) < 0) {
            return new String[] {s.substring(0, colon), s.substring(colon + 1)};
        }
        return new String[] {s, null};
    }

    private static boolean isFieldStart(String w) {
        return PAYLOAD_PROTOCOLS.contains(w) || UNQUALIFIED_META.contains(w) || w.equals("meta") || w.equals("ct")
                || w.equals("fib") || w.equals("numgen");
    }

    private Stmt expressionStatement() throws Fail {
        Expr left = expr();
        Token t = peek();
        if (t != null && t.is("set")) {
            pos++;
            return new Stmt.SetValue(left, valueExpr());
        }
        if (t != null && t.is("vmap")) {
            pos++;
            return new Stmt.Vmap(left, mapArgument());
        }
        String op = "";
        if (t != null && t.isWord() && OPS.contains(t.text())) {
            op = canonicalOp(word());
        }
        return new Stmt.Match(left, op, rhs(left));
    }

    private static String canonicalOp(String op) {
        return switch (op) {
            case "eq" -> "==";
            case "ne" -> "!=";
            case "lt" -> "<";
            case "gt" -> ">";
            case "le" -> "<=";
            case "ge" -> ">=";
            default -> op;
        };
    }

    private Expr valueExpr() throws Fail {
        Token t = peek();
        if (t == null || !t.isWord()) {
            throw new Fail();
        }
        if (isFieldStart(t.text())) {
            return expr();
        }
        return literal();
    }

    private Expr mapArgument() throws Fail {
        Token t = peek();
        if (t == null) {
            throw new Fail();
        }
        if (t.isWord() && t.text().startsWith("@")) {
            pos++;
            return new Expr.SetRef(t.text().substring(1));
        }
        expect(Token.Kind.LBRACE);
        List<Expr.MapEntry> entries = new ArrayList<>();
        while (true) {
            Expr key = elementValue();
            expect(":");
            Expr value;
            Token v = peek();
            if (v != null && v.isWord() && Verdict.isKeyword(v.text())) {
                String w = word();
                String chain = (w.equals("jump") || w.equals("goto")) ? word() : null;
                value = new Expr.VerdictValue(Verdict.parse(w, chain).orElseThrow(Fail::new));
            } else {
                value = elementValue();
            }
            entries.add(new Expr.MapEntry(key, value));
            Token sep = next();
            if (sep.kind() == Token.Kind.RBRACE) {
                break;
            }
            if (sep.kind() != Token.Kind.COMMA) {
                throw new Fail();
            }
        }
        return new Expr.MapLiteral(entries);
    }

    /** One element of a set/map literal: literals joined by {@code .}. */
    private Expr elementValue() throws Fail {
        List<Expr> parts = new ArrayList<>();
        parts.add(literal());
        while (at(".")) {
            pos++;
            parts.add(literal());
        }
        return parts.size() == 1 ? parts.get(0) : new Expr.Concat(parts);
    }

    private Expr rhs(Expr left) throws Fail {
        Token t = peek();
        if (t == null) {
            throw new Fail();
        }
        if (t.isWord() && t.text().startsWith("@")) {
            pos++;
            return new Expr.SetRef(t.text().substring(1));
        }
        if (t.kind() == Token.Kind.LBRACE) {
            pos++;
            List<Expr> els = new ArrayList<>();
            while (true) {
                els.add(elementValue());
                Token sep = next();
                if (sep.kind() == Token.Kind.RBRACE) {
                    break;
                }
                if (sep.kind() != Token.Kind.COMMA) {
                    throw new Fail();
                }
            }
            return new Expr.SetLiteral(els);
        }
        Expr lit = literal();
        if (peek() != null && peek().kind() == Token.Kind.COMMA && isBitmask(left)) {
            List<String> flags = new ArrayList<>();
            flags.add(((Expr.Literal) lit).text());
            while (peek() != null && peek().kind() == Token.Kind.COMMA) {
                pos++;
                flags.add(word());
            }
            return new Expr.FlagList(flags);
        }
        return lit;
    }

    static boolean isBitmask(Expr e) {
        return e instanceof Expr.Ct ct && (ct.key().equals("state") || ct.key().equals("status"))
                || e instanceof Expr.Payload p && p.protocol().equals("tcp") && p.field().equals("flags");
    }

    private Expr literal() throws Fail {
        Token t = next();
        if (t.kind() == Token.Kind.STRING) {
            return new Expr.Literal(t.text());
        }
        if (!t.isWord()) {
            throw new Fail();
        }
        String w = t.text();
        if (w.contains("(") || w.contains(")") || w.equals(".") || w.equals(":") || w.startsWith("@")
                || Verdict.isKeyword(w) || w.equals("comment") || OPS.contains(w) || BINOPS.contains(w)
                || w.equals("set") || w.equals("vmap") || w.equals("map")) {
            throw new Fail();
        }
        return new Expr.Literal(w);
    }

    /** A field expression, possibly masked by a binary operation, possibly concatenated with more fields. */
    private Expr expr() throws Fail {
        List<Expr> parts = new ArrayList<>();
        parts.add(maskedPrimary());
        while (at(".")) {
            pos++;
            parts.add(maskedPrimary());
        }
        return parts.size() == 1 ? parts.get(0) : new Expr.Concat(parts);
    }

    private Expr maskedPrimary() throws Fail {
        Expr p = primary();
        while (peek() != null && peek().isWord() && BINOPS.contains(peek().text())) {
            String op = switch (word()) {
                case "and", "&" -> "&";
                case "or", "|" -> "|";
                default -> "^";
            };
            p = new Expr.Binop(op, p, literal());
        }
        return p;
    }

    /** {@code [a-z][a-z0-9-]*}: a payload field name such as {@code daddr} or {@code dport}. */
    private static boolean isFieldName(String s) {
        if (s.isEmpty() || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    private Expr primary() throws Fail {
        String w = word();
        if (PAYLOAD_PROTOCOLS.contains(w)) {
            String field = word();
            if (!isFieldName(field)) {
                throw new Fail();
            }
            return new Expr.Payload(w, field);
        }
        if (UNQUALIFIED_META.contains(w)) {
            return new Expr.Meta(w, false);
        }
        switch (w) {
            case "meta" -> {
                return new Expr.Meta(word(), true);
            }
            case "ct" -> {
                String k = word();
                if (k.equals("original") || k.equals("reply")) {
                    k = k + " " + word();
                }
                return new Expr.Ct(k);
            }
            case "fib" -> {
                List<String> inputs = new ArrayList<>();
                inputs.add(word());
                while (at(".")) {
                    pos++;
                    inputs.add(word());
                }
                String result = word();
                if (!Set.of("type", "oif", "oifname").contains(result)) {
                    throw new Fail();
                }
                return new Expr.Fib(inputs, result);
            }
            case "numgen" -> {
                String mode = word();
                expect("mod");
                int mod = (int) (long) number(word());
                int offset = 0;
                if (at("offset")) {
                    pos++;
                    offset = (int) (long) number(word());
                }
                return new Expr.Numgen(mode, mod, offset);
            }
            default -> throw new Fail();
        }
    }

    private static Long number(String s) throws Fail {
        try {
            return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Fail();
        }
    }
}
