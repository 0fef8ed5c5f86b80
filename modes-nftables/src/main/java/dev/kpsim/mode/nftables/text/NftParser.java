package dev.kpsim.mode.nftables.text;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.mode.nftables.ast.Stmt;
import dev.kpsim.mode.nftables.model.BaseChain;
import dev.kpsim.mode.nftables.model.ChainType;
import dev.kpsim.mode.nftables.model.NftElement;
import dev.kpsim.mode.nftables.model.NftFamily;
import dev.kpsim.mode.nftables.model.NftHook;
import dev.kpsim.mode.nftables.model.NftRule;
import dev.kpsim.mode.nftables.model.NftRuleset;
import dev.kpsim.mode.nftables.model.NftSet;
import dev.kpsim.mode.nftables.model.NftTableBuilder;
import dev.kpsim.mode.nftables.model.Priority;
import dev.kpsim.mode.nftables.model.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads nft text into an {@link NftRuleset}: the block syntax that {@code nft list ruleset} and
 * {@code nft list table} print ({@code table ip kube-proxy { … }}), and the command syntax of {@code nft -f} files
 * ({@code add table/chain/set/map/rule/element}, {@code insert rule}, {@code flush …}, {@code delete …}) as knftables
 * writes it. Commands are replayed in order, as the kernel applies a transaction.
 *
 * <p>Unknown rule statements are kept (see {@link RuleParser}) and reported once per rule as UNSUPPORTED; objects
 * kpsim does not model (counters, quotas, flowtables, ...) are skipped with a note; malformed text gives a located
 * error ({@code FILE:LINE:COLUMN}, code {@code nft-syntax}) and parsing goes on at the next line.
 */
public final class NftParser {

    private final String src;
    private final String file;
    private final List<Token> toks;
    private final Diagnostics diags = new Diagnostics();
    private final Map<String, NftTableBuilder> tables = new LinkedHashMap<>();
    private int pos;

    private NftParser(String src, String file) {
        this.src = src;
        this.file = file;
        this.toks = Lexer.tokenize(src, file, diags);
    }

    /** Parses {@code text} read from {@code file} (the name is only used in diagnostics). */
    public static ParseResult parse(String text, String file) {
        NftParser p = new NftParser(text, file);
        p.run();
        List<dev.kpsim.mode.nftables.model.NftTable> out = new ArrayList<>();
        p.tables.values().forEach(b -> out.add(b.build()));
        return new ParseResult(new NftRuleset(out), p.diags.list());
    }

    private static final class Syntax extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Token at;

        Syntax(Token at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    private SourceLocation loc(Token t) {
        return new SourceLocation(file, t.line(), t.column());
    }

    private Token peek() {
        return toks.get(pos);
    }

    private Token next() {
        Token t = toks.get(pos);
        if (t.kind() != Token.Kind.EOF) {
            pos++;
        }
        return t;
    }

    private String word(String what) throws Syntax {
        Token t = next();
        if (!t.isWord()) {
            throw new Syntax(t, "expected " + what + ", found " + describe(t));
        }
        return t.text();
    }

    private void expect(Token.Kind k, String what) throws Syntax {
        Token t = next();
        if (t.kind() != k) {
            throw new Syntax(t, "expected " + what + ", found " + describe(t));
        }
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "the end of the input";
            case NEWLINE -> "the end of the line";
            default -> "'" + t.text() + "'";
        };
    }

    private void skipBlank() {
        while (peek().kind() == Token.Kind.NEWLINE || peek().kind() == Token.Kind.SEMI) {
            pos++;
        }
    }

    private void recover() {
        int depth = 0;
        while (peek().kind() != Token.Kind.EOF) {
            Token t = next();
            if (t.kind() == Token.Kind.LBRACE) {
                depth++;
            } else if (t.kind() == Token.Kind.RBRACE) {
                depth--;
                if (depth <= 0) {
                    return;
                }
            } else if (t.kind() == Token.Kind.NEWLINE && depth <= 0) {
                return;
            }
        }
    }

    private void run() {
        while (true) {
            skipBlank();
            Token t = peek();
            if (t.kind() == Token.Kind.EOF) {
                return;
            }
            int start = pos;
            try {
                if (t.is("table")) {
                    pos++;
                    tableBlock();
                } else if (t.isWord() && List.of("add", "create", "insert", "replace", "flush", "delete", "destroy")
                        .contains(t.text())) {
                    pos++;
                    command(t.text());
                } else {
                    throw new Syntax(t, "expected 'table' or a command such as 'add rule', found " + describe(t));
                }
            } catch (Syntax e) {
                diags.error(loc(e.at), "nft-syntax", e.getMessage());
                if (pos == start) {
                    pos++;
                }
                recover();
            }
        }
    }

    private NftTableBuilder table(Token at, String family, String name) throws Syntax {
        NftFamily f = NftFamily.parse(family).orElseThrow(() -> new Syntax(at, "unknown table family '" + family
                + "' (expected ip, ip6, inet, arp, bridge or netdev)"));
        return tables.computeIfAbsent(f.keyword() + " " + name, k -> new NftTableBuilder(f, name, loc(at)));
    }

    private NftTableBuilder existingTable(Token at, String family, String name) throws Syntax {
        NftTableBuilder b = tables.get(family + " " + name);
        if (b == null) {
            throw new Syntax(at, "no such table '" + family + " " + name + "'");
        }
        return b;
    }

    // ---- block syntax ----

    private void tableBlock() throws Syntax {
        Token at = peek();
        String family = word("a table family");
        String name = word("a table name");
        NftTableBuilder tb = table(at, family, name);
        String warning = "# Warning: table " + family + " " + name + " is managed by iptables-nft, do not touch!";
        int lineStart = src.lastIndexOf('\n', Math.max(0, at.start() - 1));
        int prevStart = lineStart <= 0 ? -1 : src.lastIndexOf('\n', lineStart - 1);
        if (lineStart > 0 && src.substring(prevStart + 1, lineStart).equals(warning)) {
            tb.warning(warning);
        }
        expect(Token.Kind.LBRACE, "'{'");
        while (true) {
            skipBlank();
            Token t = peek();
            if (t.kind() == Token.Kind.RBRACE) {
                pos++;
                return;
            }
            if (t.kind() == Token.Kind.EOF) {
                throw new Syntax(t, "table '" + name + "' is not closed with '}'");
            }
            int start = pos;
            try {
                String w = word("a table item");
                switch (w) {
                    case "comment" -> tb.comment(string());
                    case "flags" -> tb.flags(wordList());
                    case "set", "map" -> tb.addSet(setBlock(w.equals("map"), t));
                    case "chain" -> chainBlock(tb, t);
                    default -> {
                        diags.unsupported(loc(t), "nft-object-skipped", "'" + w + "' objects are not modelled; skipped");
                        recover();
                    }
                }
            } catch (Syntax e) {
                diags.error(loc(e.at), "nft-syntax", e.getMessage());
                if (pos == start) {
                    pos++;
                }
                recover();
            }
        }
    }

    private String string() throws Syntax {
        Token t = next();
        if (t.kind() != Token.Kind.STRING) {
            throw new Syntax(t, "expected a quoted string, found " + describe(t));
        }
        return Values.unquote(t.text());
    }

    private List<String> wordList() throws Syntax {
        List<String> out = new ArrayList<>();
        out.add(word("a flag"));
        while (peek().kind() == Token.Kind.COMMA) {
            pos++;
            out.add(word("a flag"));
        }
        return out;
    }

    /** Reads a set/map body up to the closing brace (the opening one not yet consumed). */
    private NftSet setBlock(boolean map, Token at) throws Syntax {
        String name = word("a set name");
        expect(Token.Kind.LBRACE, "'{'");
        return setBody(name, map, at);
    }

    private NftSet setBody(String name, boolean map, Token at) throws Syntax {
        String keyType = null;
        String dataType = null;
        boolean typeof = false;
        List<String> flags = List.of();
        Duration timeout = null;
        Duration gc = null;
        Integer size = null;
        String policy = null;
        String comment = null;
        List<NftElement> elements = new ArrayList<>();
        while (true) {
            skipBlank();
            Token t = next();
            if (t.kind() == Token.Kind.RBRACE) {
                break;
            }
            if (!t.isWord()) {
                throw new Syntax(t, "expected a set property, found " + describe(t));
            }
            switch (t.text()) {
                case "type", "typeof" -> {
                    typeof = t.text().equals("typeof");
                    List<String> words = new ArrayList<>();
                    while (peek().isWord()) {
                        words.add(next().text());
                    }
                    String spec = String.join(" ", words);
                    int colon = spec.indexOf(" : ");
                    if (map) {
                        if (colon < 0) {
                            throw new Syntax(t, "a map type needs ' : DATATYPE'");
                        }
                        keyType = spec.substring(0, colon);
                        dataType = spec.substring(colon + 3);
                    } else {
                        keyType = spec;
                    }
                }
                case "flags" -> flags = wordList();
                case "timeout" -> timeout = duration();
                case "gc-interval" -> gc = duration();
                case "size" -> size = integer();
                case "policy" -> policy = word("a set policy");
                case "comment" -> comment = string();
                case "auto-merge" -> {
                }
                case "elements" -> {
                    if (!word("'='").equals("=")) {
                        throw new Syntax(t, "expected 'elements = {'");
                    }
                    expect(Token.Kind.LBRACE, "'{'");
                    elements.addAll(elementList(map));
                }
                default -> throw new Syntax(t, "unknown set property '" + t.text() + "'");
            }
        }
        if (keyType == null) {
            throw new Syntax(at, "set '" + name + "' has no type");
        }
        return new NftSet(name, map, keyType, typeof, dataType, flags, timeout, size, policy, gc, comment, elements,
                loc(at));
    }

    private Duration duration() throws Syntax {
        Token t = next();
        return NftDuration.parse(t.text()).orElseThrow(() -> new Syntax(t, "'" + t.text() + "' is not a time value"));
    }

    private Integer integer() throws Syntax {
        Token t = next();
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            throw new Syntax(t, "'" + t.text() + "' is not a number");
        }
    }

    /** Elements up to and including the closing brace. */
    private List<NftElement> elementList(boolean map) throws Syntax {
        List<NftElement> out = new ArrayList<>();
        while (true) {
            while (peek().kind() == Token.Kind.NEWLINE) {
                pos++;
            }
            if (peek().kind() == Token.Kind.RBRACE) {
                pos++;
                return out;
            }
            out.add(element(map));
            while (peek().kind() == Token.Kind.NEWLINE) {
                pos++;
            }
            Token sep = next();
            if (sep.kind() == Token.Kind.RBRACE) {
                return out;
            }
            if (sep.kind() != Token.Kind.COMMA) {
                throw new Syntax(sep, "expected ',' or '}' after an element, found " + describe(sep));
            }
        }
    }

    private NftElement element(boolean map) throws Syntax {
        List<String> key = components();
        String comment = null;
        List<String> extra = new ArrayList<>();
        while (peek().isWord() && !peek().is(":")) {
            Token t = next();
            if (t.text().equals("comment")) {
                comment = string();
            } else {
                extra.add(t.text());
                if (peek().isWord() && !peek().is(":")) {
                    extra.add(next().text());
                }
            }
        }
        Verdict verdict = null;
        List<String> data = List.of();
        if (peek().is(":")) {
            pos++;
            Token v = peek();
            if (v.isWord() && Verdict.isKeyword(v.text())) {
                pos++;
                String chain = v.text().equals("jump") || v.text().equals("goto") ? word("a chain name") : null;
                verdict = Verdict.parse(v.text(), chain).orElseThrow();
            } else {
                data = components();
            }
        } else if (map) {
            throw new Syntax(peek(), "a map element needs ' : VALUE'");
        }
        return new NftElement(key, comment, verdict, data, extra.isEmpty() ? null : String.join(" ", extra));
    }

    private List<String> components() throws Syntax {
        List<String> out = new ArrayList<>();
        out.add(component());
        while (peek().is(".")) {
            pos++;
            out.add(component());
        }
        return out;
    }

    private String component() throws Syntax {
        Token t = next();
        if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.STRING || t.is(":")) {
            throw new Syntax(t, "expected an element value, found " + describe(t));
        }
        return t.text();
    }

    private void chainBlock(NftTableBuilder tb, Token at) throws Syntax {
        String name = word("a chain name");
        expect(Token.Kind.LBRACE, "'{'");
        tb.addChain(name, null, null, loc(at));
        while (true) {
            skipBlank();
            Token t = peek();
            if (t.kind() == Token.Kind.RBRACE) {
                pos++;
                return;
            }
            if (t.kind() == Token.Kind.EOF) {
                throw new Syntax(t, "chain '" + name + "' is not closed with '}'");
            }
            int start = pos;
            try {
                if (t.is("comment") && toks.get(pos + 1).kind() == Token.Kind.STRING
                        && isLineEnd(toks.get(pos + 2))) {
                    pos++;
                    tb.addChain(name, null, string(), loc(at));
                } else if (t.is("type")) {
                    pos++;
                    tb.addChain(name, baseChain(false), null, loc(at));
                } else {
                    NftRule r = ruleLine(NftRule.TextForm.LIST);
                    tb.addRule(name, r);
                }
            } catch (Syntax e) {
                diags.error(loc(e.at), "nft-syntax", e.getMessage());
                if (pos == start) {
                    pos++;
                }
                recover();
            }
        }
    }

    private static boolean isLineEnd(Token t) {
        return t.kind() == Token.Kind.NEWLINE || t.kind() == Token.Kind.SEMI || t.kind() == Token.Kind.RBRACE
                || t.kind() == Token.Kind.EOF;
    }

    /** {@code TYPE hook HOOK [device D] priority P ; [policy X ;]} after {@code type}. */
    private BaseChain baseChain(boolean inBraces) throws Syntax {
        Token typeTok = peek();
        String type = word("a chain type");
        ChainType ct = ChainType.parse(type).orElseThrow(() -> new Syntax(typeTok, "unknown chain type '" + type + "'"));
        Token h = peek();
        if (!word("'hook'").equals("hook")) {
            throw new Syntax(h, "expected 'hook'");
        }
        Token hookTok = peek();
        String hook = word("a hook");
        NftHook hk = NftHook.parse(hook).orElseThrow(() -> new Syntax(hookTok, "unknown hook '" + hook + "'"));
        String device = null;
        if (peek().is("device")) {
            pos++;
            Token d = next();
            device = Values.unquote(d.text());
        }
        Token p = peek();
        if (!word("'priority'").equals("priority")) {
            throw new Syntax(p, "expected 'priority'");
        }
        StringBuilder prio = new StringBuilder();
        Token prioTok = peek();
        while (peek().isWord()) {
            prio.append(prio.length() == 0 ? "" : " ").append(next().text());
        }
        Priority priority = Priority.parse(prio.toString())
                .orElseThrow(() -> new Syntax(prioTok, "'" + prio + "' is not a priority"));
        String policy = null;
        if (peek().kind() == Token.Kind.SEMI) {
            pos++;
        }
        if (peek().is("policy")) {
            pos++;
            policy = word("a policy");
            if (peek().kind() == Token.Kind.SEMI) {
                pos++;
            }
        }
        return new BaseChain(ct, hk, priority, device, policy);
    }

    /** The tokens up to the end of the line (braces nest) as one rule. */
    private NftRule ruleLine(NftRule.TextForm form) throws Syntax {
        Token first = peek();
        List<Token> rt = new ArrayList<>();
        int depth = 0;
        while (true) {
            Token t = peek();
            if (t.kind() == Token.Kind.EOF || depth == 0 && (t.kind() == Token.Kind.NEWLINE
                    || t.kind() == Token.Kind.SEMI || t.kind() == Token.Kind.RBRACE)) {
                break;
            }
            if (t.kind() == Token.Kind.NEWLINE) {
                pos++;
                continue;
            }
            if (t.kind() == Token.Kind.LBRACE) {
                depth++;
            } else if (t.kind() == Token.Kind.RBRACE) {
                depth--;
            }
            rt.add(next());
        }
        if (rt.isEmpty()) {
            throw new Syntax(first, "expected a rule, found " + describe(first));
        }
        ParsedRule pr = RuleParser.parse(src, rt);
        String text = src.substring(rt.get(0).start(), rt.get(rt.size() - 1).end());
        for (Stmt s : pr.statements()) {
            if (s instanceof Stmt.Unknown u) {
                diags.unsupported(loc(first), "nft-unknown-statement", "'" + u.text()
                        + "' is not modelled; the rule is evaluated as possibly matching");
            }
        }
        return new NftRule(pr.statements(), pr.comment(), text, form, null, loc(first));
    }

    // ---- command syntax ----

    private void command(String verb) throws Syntax {
        Token objTok = peek();
        String obj = word("an object kind (table, chain, set, map, rule, element)");
        Token famTok = peek();
        String family = word("a table family");
        switch (obj) {
            case "table" -> {
                String name = word("a table name");
                if (verb.equals("delete") || verb.equals("destroy")) {
                    tables.remove(family + " " + name);
                    endCommand();
                    return;
                }
                if (verb.equals("flush")) {
                    existingTable(famTok, family, name).flushAll();
                    endCommand();
                    return;
                }
                NftTableBuilder tb = table(famTok, family, name);
                if (peek().kind() == Token.Kind.LBRACE) {
                    pos++;
                    while (true) {
                        skipBlank();
                        Token t = next();
                        if (t.kind() == Token.Kind.RBRACE) {
                            break;
                        }
                        if (t.is("comment")) {
                            tb.comment(string());
                        } else if (t.is("flags")) {
                            tb.flags(wordList());
                        } else {
                            throw new Syntax(t, "unknown table property " + describe(t));
                        }
                    }
                }
                endCommand();
            }
            case "chain" -> {
                String table = word("a table name");
                String name = word("a chain name");
                NftTableBuilder tb = verb.equals("add") || verb.equals("create") ? table(famTok, family, table)
                        : existingTable(famTok, family, table);
                switch (verb) {
                    case "flush" -> requireFound(tb.flushChain(name), objTok, "chain", name);
                    case "delete", "destroy" -> requireFound(tb.deleteChain(name) || verb.equals("destroy"), objTok,
                            "chain", name);
                    default -> {
                        BaseChain base = null;
                        String comment = null;
                        if (peek().kind() == Token.Kind.LBRACE) {
                            pos++;
                            while (true) {
                                skipBlank();
                                Token t = next();
                                if (t.kind() == Token.Kind.RBRACE) {
                                    break;
                                }
                                if (t.is("type")) {
                                    base = baseChain(true);
                                } else if (t.is("comment")) {
                                    comment = string();
                                } else if (t.is("policy")) {
                                    String policy = word("a policy");
                                    if (base != null) {
                                        base = new BaseChain(base.type(), base.hook(), base.priority(), base.device(),
                                                policy);
                                    }
                                } else {
                                    throw new Syntax(t, "unknown chain property " + describe(t));
                                }
                            }
                        }
                        tb.addChain(name, base, comment, loc(objTok));
                    }
                }
                endCommand();
            }
            case "set", "map" -> {
                String table = word("a table name");
                String name = word("a " + obj + " name");
                NftTableBuilder tb = verb.equals("add") || verb.equals("create") ? table(famTok, family, table)
                        : existingTable(famTok, family, table);
                switch (verb) {
                    case "flush" -> requireFound(tb.flushSet(name), objTok, obj, name);
                    case "delete", "destroy" -> requireFound(tb.deleteSet(name) || verb.equals("destroy"), objTok, obj,
                            name);
                    default -> {
                        expect(Token.Kind.LBRACE, "'{'");
                        tb.addSet(setBody(name, obj.equals("map"), objTok));
                    }
                }
                endCommand();
            }
            case "element" -> {
                String table = word("a table name");
                String name = word("a set name");
                NftTableBuilder tb = existingTable(famTok, family, table);
                Optional<NftSet> set = tb.set(name);
                if (set.isEmpty()) {
                    throw new Syntax(objTok, "no such set or map '" + name + "'");
                }
                expect(Token.Kind.LBRACE, "'{'");
                boolean deleting = verb.equals("delete") || verb.equals("destroy");
                for (NftElement e : elementList(set.get().map() && !deleting)) {
                    if (deleting) {
                        tb.deleteElement(name, e.key());
                    } else {
                        tb.addElement(name, e);
                    }
                }
                endCommand();
            }
            case "rule" -> {
                String table = word("a table name");
                String chain = word("a chain name");
                NftTableBuilder tb = existingTable(famTok, family, table);
                if (verb.equals("delete") || verb.equals("replace") || peek().is("handle") || peek().is("index")
                        || peek().is("position")) {
                    diags.unsupported(loc(objTok), "nft-rule-handle", "rule handles and positions are not modelled; '"
                            + verb + " rule' with a handle or index is ignored");
                    recover();
                    return;
                }
                NftRule r = ruleLine(NftRule.TextForm.INPUT);
                boolean ok = verb.equals("insert") ? tb.insertRule(chain, r) : tb.addRule(chain, r);
                requireFound(ok, objTok, "chain", chain);
            }
            default -> throw new Syntax(objTok, "unknown object kind '" + obj + "'");
        }
    }

    private void requireFound(boolean ok, Token at, String kind, String name) throws Syntax {
        if (!ok) {
            throw new Syntax(at, "no such " + kind + " '" + name + "'");
        }
    }

    private void endCommand() throws Syntax {
        Token t = peek();
        if (t.kind() == Token.Kind.NEWLINE || t.kind() == Token.Kind.SEMI) {
            pos++;
        } else if (t.kind() != Token.Kind.EOF) {
            throw new Syntax(t, "unexpected " + describe(t) + " after the command");
        }
    }
}
