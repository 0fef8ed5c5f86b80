package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.StateMatch;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Applies {@code iptables-restore} input to a {@link RulesetState} line by line, as iptables-restore does
 * (iptables/iptables-restore.c, xtables-restore.c): {@code *table} … {@code COMMIT} blocks; {@code :CHAIN POLICY
 * [p:b]} lines, which set a built-in chain's policy or create a user chain (or, with {@code --noflush}, flush it);
 * {@code [p:b]}-prefixed or plain commands {@code -A}, {@code -I}, {@code -D}, {@code -R}, {@code -N}, {@code -X},
 * {@code -F}, {@code -Z}, {@code -P}, {@code -E}; {@code #} comment lines and blank lines are skipped. Without
 * {@code --noflush} a {@code *table} line first flushes the table and deletes its user chains.
 *
 * <p>Every bad line becomes a located error and reading goes on, so one run reports all of them. O(input size)
 * apart from {@code -D RULE}, which compares against the chain's rules.
 */
final class RestoreReader {
    static final Set<String> TABLES = Set.of("raw", "mangle", "nat", "filter", "security");
    /** Reading stops after this many bad lines (a wrong kind of file would otherwise give one error per line). */
    static final int MAX_ERRORS = 100;
    /** XT_EXTENSION_MAXNAMELEN - 1. */
    private static final int MAX_CHAIN_NAME = 28;

    private final RulesetState state;
    private final ParseContext context;
    private final String file;
    private final boolean noflush;
    private final boolean materializeBuiltins;
    private TableState table;
    /**
     * The chain the previous command named in {@link #table} (a dump lists each chain's rules together), so that the
     * next line naming it skips the lookup; null when unknown. Forgotten whenever a chain may leave the table or be
     * renamed, and when the table changes.
     */
    private ChainState lastChain;
    private int tableLine;
    private boolean skipping;

    RestoreReader(RulesetState state, ParseContext context, String file, boolean noflush, boolean materializeBuiltins) {
        this.state = state;
        this.context = context;
        this.file = file;
        this.noflush = noflush;
        this.materializeBuiltins = materializeBuiltins;
    }

    void read(List<InputLine> lines) {
        int last = 0;
        int errors = 0;
        for (InputLine line : lines) {
            last = line.number();
            try {
                readLine(line);
            } catch (LineError e) {
                context.diagnostics().add(e.diagnostic());
                if (++errors >= MAX_ERRORS) {
                    context.diagnostics().add(Diagnostic.error(new SourceLocation(file, line.number(), 1),
                            "too-many-errors", "stopped after " + MAX_ERRORS + " errors; fix the ones above first"));
                    return;
                }
            }
        }
        if (table != null) {
            context.diagnostics().add(Diagnostic.error(new SourceLocation(file, tableLine, 1), "missing-commit",
                    "table '" + table.name + "' opened here is not closed by COMMIT before the end of the input"
                            + " (line " + last + "); truncated dump?"));
            table = null;
            lastChain = null;
        }
    }

    private void readLine(InputLine line) {
        String text = stripEnd(line.text());
        LineScope scope = new LineScope(context, file, line.number());
        if (text.isBlank() || text.charAt(0) == '#') {
            return;
        }
        if (text.charAt(0) == '*') {
            skipping = false;
            if (table != null) {
                String open = table.name;
                int openLine = tableLine;
                table = null;
                lastChain = null;
                openTable(text, scope, line.number());
                throw scope.error(1, "missing-commit", "table '" + open + "' (line " + openLine
                        + ") is not closed by COMMIT before this table");
            }
            openTable(text, scope, line.number());
            return;
        }
        if (skipping) {
            // the lines of a table whose header was refused, up to its COMMIT
            skipping = !text.equals("COMMIT");
            return;
        }
        if (text.equals("COMMIT")) {
            if (table == null) {
                throw scope.error(1, "no-table", "COMMIT without a *table line before it");
            }
            table = null;
            lastChain = null;
            return;
        }
        if (table == null) {
            throw scope.error(1, "no-table", "this line is outside a table: a '*table' line must come first"
                    + wrongFormatHint(text));
        }
        if (text.charAt(0) == ':') {
            chainLine(text, scope);
        } else {
            command(text, line.provenance(), scope);
        }
    }

    /** A hint for the listings people paste instead of iptables-save output. */
    private static String wrongFormatHint(String text) {
        if (text.startsWith("Chain ") || text.startsWith("target ") || text.startsWith("pkts ")
                || text.trim().startsWith("pkts bytes")) {
            return " (this looks like 'iptables -L' output; kpsim reads what 'iptables-save' prints)";
        }
        if (text.startsWith("-P ") || text.startsWith("-N ")) {
            return " (this looks like 'iptables -S' output, which has no '*table' lines; kpsim reads what"
                    + " 'iptables-save' prints)";
        }
        return "";
    }

    private static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private void openTable(String text, LineScope scope, int number) {
        String name = text.substring(1).trim();
        if (!TABLES.contains(name)) {
            skipping = true;
            throw scope.error(2, "unknown-table", "unknown table '" + name + "' (raw, mangle, nat, filter or security)");
        }
        table = state.table(name, materializeBuiltins);
        lastChain = null;
        tableLine = number;
        if (!noflush) {
            table.reset();
        }
    }

    /** {@code :NAME POLICY [PKTS:BYTES]}. */
    private void chainLine(String text, LineScope scope) {
        List<Token> parts = words(text, 1);
        if (parts.isEmpty() || parts.get(0).text().isEmpty()) {
            throw scope.error(1, "bad-syntax", "a chain line needs a chain name after ':'");
        }
        Token name = parts.get(0);
        validChainName(name, scope);
        if (parts.size() < 2) {
            throw scope.error(name, "bad-policy", "chain line for " + name.text() + " needs a policy ('-' for a user chain)");
        }
        Token policy = parts.get(1);
        Counters counters = Counters.ZERO;
        if (parts.size() >= 3) {
            counters = context.shared(bracketCounters(parts.get(2), scope));
        }
        if (parts.size() > 3) {
            throw scope.error(parts.get(3), "bad-syntax", "unexpected '" + parts.get(3).text() + "' after the chain counters");
        }
        if (table.isBuiltin(name.text())) {
            if (!policy.text().equals("ACCEPT") && !policy.text().equals("DROP")) {
                throw scope.error(policy, "bad-policy", "bad policy '" + policy.text() + "' for built-in chain "
                        + name.text() + " (ACCEPT or DROP)");
            }
            ChainState c = table.chain(name.text());
            if (c == null) {
                c = new ChainState(name.text(), policy.text(), counters);
                table.chains.put(name.text(), c);
            }
            c.policy = policy.text();
            c.counters = counters;
            return;
        }
        if (!policy.text().equals("-")) {
            throw scope.error(policy, "bad-policy", "user-defined chain " + name.text() + " cannot have a policy ('"
                    + policy.text() + "'); write '-'");
        }
        ChainState existing = table.chain(name.text());
        if (existing != null) {
            if (!noflush) {
                throw scope.error(name, "duplicate-chain", "chain " + name.text() + " is declared twice in table " + table.name);
            }
            table.flush(existing);
            existing.counters = counters;
            return;
        }
        table.chains.put(name.text(), new ChainState(name.text(), null, counters));
    }

    private void validChainName(Token name, LineScope scope) {
        String n = name.text();
        if (n.length() > MAX_CHAIN_NAME) {
            throw scope.error(name, "bad-chain-name", "chain name '" + n + "' is too long (at most 28 characters)");
        }
        if (n.isEmpty() || n.charAt(0) == '-' || n.charAt(0) == '!') {
            throw scope.error(name, "bad-chain-name", "chain name '" + n + "' may not be empty or start with '-' or '!'");
        }
    }

    /** Whitespace-separated words of a chain line (no quoting there, as iptables uses strtok). */
    private static List<Token> words(String text, int from) {
        List<Token> out = new ArrayList<>();
        int i = from;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < text.length() && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                i++;
            }
            if (i > start) {
                out.add(new Token(LineTokenizer.word(text, start, i), start + 1, false));
            }
        }
        return out;
    }

    /** {@code [PKTS:BYTES]}. */
    static Counters bracketCounters(Token t, LineScope scope) {
        String s = t.text();
        int colon = s.indexOf(':');
        if (!s.startsWith("[") || !s.endsWith("]") || colon < 0) {
            throw scope.error(t, "bad-counters", "bad counters '" + s + "' (expected [PACKETS:BYTES])");
        }
        OptionalLong p = Values.decimal(s.substring(1, colon), Long.MAX_VALUE);
        OptionalLong b = Values.decimal(s.substring(colon + 1, s.length() - 1), Long.MAX_VALUE);
        if (p.isEmpty() || b.isEmpty()) {
            throw scope.error(t, "bad-counters", "bad counters '" + s + "' (expected [PACKETS:BYTES])");
        }
        return new Counters(p.getAsLong(), b.getAsLong());
    }

    private void command(String text, Provenance provenance, LineScope scope) {
        Counters prefix = null;
        int from = 0;
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0) {
                throw scope.error(1, "bad-counters", "counters '[' are not closed by ']'");
            }
            prefix = bracketCounters(new Token(text.substring(0, close + 1), 1, false), scope);
            from = close + 1;
        }
        List<Token> tokens = LineTokenizer.tokenize(text, from, scope);
        if (tokens.isEmpty()) {
            throw scope.error(from + 1, "bad-syntax", "counters without a command");
        }
        Token cmd = tokens.get(0);
        switch (cmd.text()) {
            case "-A", "--append" -> ruleCommand(Command.APPEND, text, tokens, prefix, provenance, scope);
            case "-I", "--insert" -> ruleCommand(Command.INSERT, text, tokens, prefix, provenance, scope);
            case "-D", "--delete" -> ruleCommand(Command.DELETE, text, tokens, prefix, provenance, scope);
            case "-R", "--replace" -> ruleCommand(Command.REPLACE, text, tokens, prefix, provenance, scope);
            case "-N", "--new-chain" -> newChain(tokens, scope);
            case "-X", "--delete-chain" -> deleteChain(tokens, scope);
            case "-F", "--flush" -> flush(tokens, scope);
            case "-Z", "--zero" -> zero(tokens, scope);
            case "-P", "--policy" -> policy(tokens, scope);
            case "-E", "--rename-chain" -> rename(tokens, scope);
            case "-t", "--table" -> throw scope.error(cmd, "bad-command",
                    "-t cannot be used in restore input; tables are chosen with '*table' lines");
            default -> throw scope.error(cmd, "bad-command", "expected a command (-A, -I, -D, -R, -N, -X, -F, -Z, -P, -E)"
                    + " or a ':CHAIN' line, found '" + cmd.text() + "'");
        }
    }

    private enum Command { APPEND, INSERT, DELETE, REPLACE }

    private ChainState existingChain(Token name, LineScope scope) {
        ChainState last = lastChain;
        if (last != null && last.name.equals(name.text())) {
            return last;
        }
        ChainState c = table.chain(name.text());
        lastChain = c;
        if (c == null) {
            throw scope.error(name, "unknown-chain", "chain " + name.text() + " does not exist in table " + table.name
                    + " (declare it with ':" + name.text() + " - [0:0]')");
        }
        return c;
    }

    private Token arg(List<Token> tokens, int index, LineScope scope, String what) {
        if (index >= tokens.size()) {
            Token last = tokens.get(tokens.size() - 1);
            throw scope.error(last, "missing-argument", tokens.get(0).text() + " needs " + what);
        }
        return tokens.get(index);
    }

    private static boolean isNumberArg(List<Token> tokens, int index) {
        return index < tokens.size() && !tokens.get(index).looksLikeOption() && !tokens.get(index).isBang()
                && Values.decimal(tokens.get(index).text(), Integer.MAX_VALUE).isPresent();
    }

    private int ruleNumber(Token t, LineScope scope) {
        OptionalLong n = Values.decimal(t.text(), Integer.MAX_VALUE);
        if (n.isEmpty() || n.getAsLong() < 1) {
            throw scope.error(t, "bad-rule-number", "invalid rule number '" + t.text() + "'");
        }
        return (int) n.getAsLong();
    }

    private void ruleCommand(Command cmd, String text, List<Token> tokens, Counters prefix, Provenance provenance,
                             LineScope scope) {
        Token chainName = arg(tokens, 1, scope, "a chain name");
        ChainState chain = existingChain(chainName, scope);
        int specFrom = 2;
        int number = -1;
        if (cmd == Command.INSERT && isNumberArg(tokens, 2)) {
            number = ruleNumber(tokens.get(2), scope);
            specFrom = 3;
        } else if (cmd == Command.REPLACE) {
            number = ruleNumber(arg(tokens, 2, scope, "a rule number"), scope);
            specFrom = 3;
        } else if (cmd == Command.DELETE && isNumberArg(tokens, 2) && tokens.size() == 3) {
            int n = ruleNumber(tokens.get(2), scope);
            if (n > chain.rules.size()) {
                throw scope.error(tokens.get(2), "no-such-rule", "chain " + chain.name + " has no rule " + n);
            }
            table.remove(chain, n - 1);
            return;
        }
        String written = specFrom < tokens.size() ? text.substring(tokens.get(specFrom).column() - 1) : "";
        // the spec parser may split --opt=value arguments in place, only at or after specFrom
        RuleSpec spec = RuleSpecParser.parse(tokens, specFrom, table.name, scope);
        if (spec.skipped()) {
            return;
        }
        if (prefix != null && spec.counters() != null) {
            throw scope.error(1, "bad-counters", "counters are given twice ([p:b] and -c)");
        }
        Counters counters = prefix != null ? prefix : spec.counters();
        Target target = spec.target();
        if (target instanceof JumpTarget j) {
            ChainState to = checkJump(j, spec.targetToken(), scope);
            target = to != null ? to.jumpTarget(j.isGoto()) : context.shared(j);
        } else if (shareable(target)) {
            target = context.shared(target);
        }
        SourceLocation at = scope.at(tokens.get(0));
        List<Rule> rules = new ArrayList<>(spec.variants().size());
        Counters shared = counters == null ? null : context.shared(counters);
        for (List<Match> matches : spec.variants()) {
            rules.add(new Rule(shared(matches), target, spec.variants().size() == 1 ? written : null, shared,
                    provenance, at));
        }
        switch (cmd) {
            case APPEND -> {
                for (Rule r : rules) {
                    table.add(chain, chain.rules.size(), r);
                }
            }
            case INSERT -> {
                int index = number < 0 ? 0 : number - 1;
                if (index > chain.rules.size()) {
                    throw scope.error(tokens.get(2), "bad-rule-number", "index of insertion too big: chain " + chain.name
                            + " has " + chain.rules.size() + " rules");
                }
                for (Rule r : rules) {
                    table.add(chain, index++, r);
                }
            }
            case REPLACE -> {
                if (rules.size() != 1) {
                    throw scope.error(chainName, "bad-syntax", "-R needs a rule with one source and one destination");
                }
                if (number > chain.rules.size()) {
                    throw scope.error(tokens.get(2), "no-such-rule", "chain " + chain.name + " has no rule " + number);
                }
                table.remove(chain, number - 1);
                table.add(chain, number - 1, rules.get(0));
            }
            case DELETE -> {
                for (Rule r : rules) {
                    int found = -1;
                    for (int k = 0; k < chain.rules.size() && found < 0; k++) {
                        if (KernelCanonicalizer.sameEntry(chain.rules.get(k), r, state.family)) {
                            found = k;
                        }
                    }
                    if (found < 0) {
                        throw scope.error(tokens.get(0), "no-such-rule", "no rule in chain " + chain.name
                                + " matches this one (does a matching rule exist in that chain?)");
                    }
                    table.remove(chain, found);
                }
            }
        }
    }

    /**
     * A {@code -j}/{@code -g} to a chain: it must not be built-in; a missing chain is a warning. Returns the chain
     * jumped to, null when it does not exist.
     */
    private ChainState checkJump(JumpTarget j, Token token, LineScope scope) {
        ChainState target = table.chain(j.chain());
        if (table.isBuiltin(j.chain()) || (target != null && target.policy != null)) {
            throw scope.error(token, "bad-target", "cannot jump to built-in chain " + j.chain());
        }
        if (target == null) {
            scope.warning(token, "undeclared-chain", (j.isGoto() ? "-g " : "-j ") + j.chain() + ": no chain "
                    + j.chain() + " exists in table " + table.name + " and it is not a target kpsim knows"
                    + " (iptables-restore would refuse this rule); kept as a jump to a missing chain");
        }
        return target;
    }

    private void newChain(List<Token> tokens, LineScope scope) {
        Token name = arg(tokens, 1, scope, "a chain name");
        validChainName(name, scope);
        noExtra(tokens, 2, scope);
        if (table.chain(name.text()) != null) {
            throw scope.error(name, "duplicate-chain", "chain " + name.text() + " already exists in table " + table.name);
        }
        table.chains.put(name.text(), new ChainState(name.text(), null, Counters.ZERO));
    }

    private void deleteChain(List<Token> tokens, LineScope scope) {
        noExtra(tokens, 2, scope);
        if (tokens.size() == 1) {
            for (ChainState c : List.copyOf(table.chains.values())) {
                if (c.policy == null) {
                    deleteOne(c, tokens.get(0), scope);
                }
            }
            return;
        }
        Token name = tokens.get(1);
        if (table.isBuiltin(name.text())) {
            throw scope.error(name, "builtin-chain", "built-in chain " + name.text() + " cannot be deleted");
        }
        deleteOne(existingChain(name, scope), name, scope);
    }

    private void deleteOne(ChainState c, Token at, LineScope scope) {
        if (!c.rules.isEmpty()) {
            throw scope.error(at, "chain-in-use", "chain " + c.name + " still has " + c.rules.size()
                    + " rules; flush it before deleting it");
        }
        int refs = table.references(c.name);
        if (refs > 0) {
            throw scope.error(at, "chain-in-use", "chain " + c.name + " is still the target of " + refs + " rules");
        }
        table.chains.remove(c.name);
        lastChain = null;
    }

    private void flush(List<Token> tokens, LineScope scope) {
        noExtra(tokens, 2, scope);
        if (tokens.size() == 1) {
            for (ChainState c : table.chains.values()) {
                table.flush(c);
            }
            return;
        }
        table.flush(existingChain(tokens.get(1), scope));
    }

    private void zero(List<Token> tokens, LineScope scope) {
        noExtra(tokens, 3, scope);
        List<ChainState> chains = tokens.size() == 1 ? List.copyOf(table.chains.values())
                : List.of(existingChain(tokens.get(1), scope));
        for (ChainState c : chains) {
            if (c.policy != null) {
                c.counters = Counters.ZERO;
            }
            for (int k = 0; k < c.rules.size(); k++) {
                Rule r = c.rules.get(k);
                if (r.counters() != null) {
                    c.rules.set(k, new Rule(r.matches(), r.target(), r.writtenText(), Counters.ZERO, r.provenance(),
                            r.location()));
                }
            }
        }
    }

    private void policy(List<Token> tokens, LineScope scope) {
        Token name = arg(tokens, 1, scope, "a chain and a policy");
        Token policy = arg(tokens, 2, scope, "a chain and a policy");
        noExtra(tokens, 3, scope);
        ChainState c = existingChain(name, scope);
        if (c.policy == null) {
            throw scope.error(name, "bad-policy", "user-defined chain " + name.text() + " cannot have a policy");
        }
        if (!policy.text().equals("ACCEPT") && !policy.text().equals("DROP")) {
            throw scope.error(policy, "bad-policy", "bad policy '" + policy.text() + "' (ACCEPT or DROP)");
        }
        c.policy = policy.text();
    }

    private void rename(List<Token> tokens, LineScope scope) {
        Token from = arg(tokens, 1, scope, "the old and the new chain name");
        Token to = arg(tokens, 2, scope, "the old and the new chain name");
        noExtra(tokens, 3, scope);
        ChainState c = existingChain(from, scope);
        if (c.policy != null) {
            throw scope.error(from, "builtin-chain", "built-in chain " + from.text() + " cannot be renamed");
        }
        validChainName(to, scope);
        if (table.chain(to.text()) != null) {
            throw scope.error(to, "duplicate-chain", "chain " + to.text() + " already exists in table " + table.name);
        }
        var renamed = new LinkedHashMap<String, ChainState>();
        for (ChainState s : table.chains.values()) {
            renamed.put(s == c ? to.text() : s.name, s);
        }
        c.rename(to.text());
        lastChain = null;
        table.chains.clear();
        table.chains.putAll(renamed);
        for (ChainState s : table.chains.values()) {
            for (int k = 0; k < s.rules.size(); k++) {
                Rule r = s.rules.get(k);
                if (r.target() instanceof JumpTarget j && j.chain().equals(from.text())) {
                    table.remove(s, k);
                    table.add(s, k, new Rule(r.matches(), new JumpTarget(to.text(), j.isGoto()), null, r.counters(),
                            r.provenance(), r.location()));
                }
            }
        }
    }

    /** The matches with the repeating kinds replaced by the parse's first equal instance. */
    private List<Match> shared(List<Match> matches) {
        if (matches.size() == 1) {
            return List.of(shared(matches.get(0)));
        }
        if (matches.size() == 2) {
            return List.of(shared(matches.get(0)), shared(matches.get(1)));
        }
        Match[] out = matches.toArray(new Match[0]);
        for (int k = 0; k < out.length; k++) {
            out[k] = shared(out[k]);
        }
        return List.of(out);
    }

    /** The parse's first instance equal to {@code m} if it is of a kind that repeats, else {@code m}. */
    private Match shared(Match m) {
        return m instanceof ProtocolMatch || m instanceof PortMatch || m instanceof RandomMatch || m instanceof MarkMatch
                || m instanceof ConntrackMatch || m instanceof StateMatch || m instanceof AddrtypeMatch
                ? context.shared(m) : m;
    }

    /**
     * Targets that repeat: MARK, MASQUERADE, the standard verdicts, and jumps to chains that do not exist (a jump to an
     * existing chain is that chain's own instance, {@link ChainState#jumpTarget}).
     */
    private static boolean shareable(Target t) {
        return t instanceof JumpTarget || t instanceof MarkTarget || t instanceof MasqueradeTarget
                || t instanceof StandardTarget;
    }

    private static void noExtra(List<Token> tokens, int max, LineScope scope) {
        if (tokens.size() > max) {
            throw scope.error(tokens.get(max), "bad-syntax", "unexpected '" + tokens.get(max).text() + "'");
        }
    }
}
