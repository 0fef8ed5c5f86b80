package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads a rule specification the way {@code do_parse} in iptables/xshared.c does: base options ({@code -s -d -i -o
 * -p -f}) with {@code !} before them (or, as iptables before 1.4.3 allowed, after the option), {@code -m} modules
 * whose options follow them, {@code -j}/{@code -g} with the target's options, {@code -c PKTS BYTES}; an option no
 * loaded extension knows loads the {@code -p} protocol's match implicitly ({@code -p tcp --dport 80} gets
 * {@code -m tcp}), exactly once. Every match is built and checked as the extension's final check does.
 *
 * <p>Matches come out in kernel evaluation order: the {@code ipt_ip} part first ({@code -s}, {@code -d}, {@code -i},
 * {@code -o}, {@code -p}, {@code -f}), then the modules in the order they were loaded.
 */
final class RuleSpecParser {
    private final List<Token> tokens;
    private final String table;
    private final LineScope scope;
    private final IpFamily family;
    private int i;

    private Token pendingBang;
    private List<Cidr> sources;
    private boolean sourceNegated;
    private List<Cidr> destinations;
    private boolean destinationNegated;
    private InterfaceMatch in;
    private InterfaceMatch out;
    private String protocol;
    private int protocolNumber = -1;
    private boolean protocolNegated;
    private boolean protocolUsed;
    private Match fragment;
    private final List<MatchExtension> modules = new ArrayList<>();
    private TargetExtension target;
    private Extension current;
    private Counters counters;
    private boolean skipped;
    private RuleFacts facts;

    private RuleSpecParser(List<Token> tokens, int from, String table, LineScope scope) {
        this.tokens = tokens;
        this.i = from;
        this.table = table;
        this.scope = scope;
        this.family = scope.context().family();
    }

    /** Parses {@code tokens} from index {@code from} as the rule of a chain in {@code table}. */
    static RuleSpec parse(List<Token> tokens, int from, String table, LineScope scope) {
        return new RuleSpecParser(tokens, from, table, scope).run();
    }

    /** The facts as they stand ({@code -p} may still come later on the line); made again only when they change. */
    private RuleFacts facts() {
        RuleFacts f = facts;
        if (f == null || f.protocol() != protocolNumber || f.protocolNegated() != protocolNegated) {
            f = new RuleFacts(table, family, protocolNumber, protocolNegated);
            facts = f;
        }
        return f;
    }

    private RuleSpec run() {
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.isBang()) {
                if (pendingBang != null) {
                    throw scope.error(t, "bad-negation", "multiple '!' flags are not allowed");
                }
                pendingBang = t;
                i++;
                continue;
            }
            if (!t.looksLikeOption()) {
                throw scope.error(t, "bad-syntax", "unexpected argument '" + t.text() + "' (expected an option)");
            }
            String s = t.text();
            int eq = s.startsWith("--") ? s.indexOf('=') : -1;
            if (eq > 0) {
                // getopt_long's --option=value form: split it into two tokens.
                tokens.set(i, new Token(s.substring(0, eq), t.column(), false));
                tokens.add(i + 1, new Token(s.substring(eq + 1), t.column() + eq + 1, false));
                continue;
            }
            i++;
            if (!baseOption(t)) {
                extensionOption(t);
            }
        }
        if (pendingBang != null) {
            throw scope.error(pendingBang, "bad-negation", "'!' must be followed by an option");
        }
        return build();
    }

    /** Handles a base option; false if {@code t} is not one. */
    private boolean baseOption(Token t) {
        switch (t.text()) {
            case "-s", "--source", "--src" -> {
                boolean neg = negation(t, true);
                if (sources != null) {
                    throw scope.error(t, "bad-option", "multiple -s flags are not allowed");
                }
                sources = Addresses.parseList(value(t), family, scope);
                sourceNegated = neg;
            }
            case "-d", "--destination", "--dst" -> {
                boolean neg = negation(t, true);
                if (destinations != null) {
                    throw scope.error(t, "bad-option", "multiple -d flags are not allowed");
                }
                destinations = Addresses.parseList(value(t), family, scope);
                destinationNegated = neg;
            }
            case "-i", "--in-interface", "-o", "--out-interface" -> {
                boolean neg = negation(t, true);
                boolean input = t.text().equals("-i") || t.text().equals("--in-interface");
                if (input ? in != null : out != null) {
                    throw scope.error(t, "bad-option", "multiple " + (input ? "-i" : "-o") + " flags are not allowed");
                }
                InterfaceMatch m = new InterfaceMatch(input, Interfaces.name(value(t), scope), neg);
                if (input) {
                    in = m;
                } else {
                    out = m;
                }
            }
            case "-p", "--protocol" -> {
                boolean neg = negation(t, true);
                if (protocol != null) {
                    throw scope.error(t, "bad-option", "multiple -p flags are not allowed");
                }
                Token v = value(t);
                String name = v.text().toLowerCase(Locale.ROOT);
                protocolNumber = Protocols.number(name).orElseThrow(() ->
                        scope.error(v, "bad-protocol", "unknown protocol '" + v.text() + "'"));
                if (protocolNumber == 0 && neg) {
                    throw scope.error(t, "bad-protocol", "rule would never match protocol");
                }
                protocol = name;
                protocolNegated = neg;
            }
            case "-f", "--fragment" -> {
                boolean neg = negation(t, false);
                if (family != IpFamily.IPV4) {
                    throw scope.error(t, "unknown-option", "-f is not an ip6tables option");
                }
                fragment = new UnknownMatch("-f", neg ? List.of("!") : List.of());
                scope.context().unsupportedMatch("-f", scope.at(t));
            }
            case "-m", "--match" -> {
                noBang(t);
                MatchExtension m = Extensions.match(value(t));
                modules.add(m);
                current = m;
            }
            case "-j", "--jump", "-g", "--goto" -> {
                noBang(t);
                if (target != null) {
                    throw scope.error(t, "bad-option", "multiple -j/-g flags are not allowed");
                }
                Token name = value(t);
                if (name.text().isEmpty() || hasWhitespace(name.text())) {
                    throw scope.error(name, "bad-target", "invalid target name '" + name.text() + "'");
                }
                target = Extensions.target(name, t.text().equals("-g") || t.text().equals("--goto"));
                current = target;
            }
            case "-c", "--set-counters" -> {
                noBang(t);
                Token p = value(t);
                Token b = value(t);
                counters = new Counters(counter(p), counter(b));
            }
            case "-4", "--ipv4" -> {
                noBang(t);
                skipped |= family != IpFamily.IPV4;
            }
            case "-6", "--ipv6" -> {
                noBang(t);
                skipped |= family != IpFamily.IPV6;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean hasWhitespace(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (Character.isWhitespace(s.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    private long counter(Token t) {
        OptionalLong v = Values.decimal(t.text(), Long.MAX_VALUE);
        if (v.isEmpty()) {
            throw scope.error(t, "bad-counters", "'" + t.text() + "' is not a packet or byte count");
        }
        return v.getAsLong();
    }

    /** The negation of a base option: a pending {@code !}, or an old-style {@code !} right after the option. */
    private boolean negation(Token option, boolean allowed) {
        boolean neg = pendingBang != null;
        Token bang = pendingBang;
        pendingBang = null;
        if (i < tokens.size() && tokens.get(i).isBang() && allowed) {
            if (neg) {
                throw scope.error(tokens.get(i), "bad-negation", "multiple '!' flags are not allowed");
            }
            bang = tokens.get(i);
            neg = true;
            i++;
        }
        if (neg && !allowed) {
            throw scope.error(bang, "bad-negation", "'!' is not allowed before " + option.text());
        }
        return neg;
    }

    private void noBang(Token option) {
        if (pendingBang != null) {
            throw scope.error(pendingBang, "bad-negation", "unexpected '!' before " + option.text());
        }
    }

    private Token value(Token option) {
        if (i >= tokens.size()) {
            throw scope.error(option, "missing-argument", "option " + option.text() + " requires an argument");
        }
        return tokens.get(i++);
    }

    private void extensionOption(Token t) {
        String opt = t.text();
        Extension owner = definiteOwner(opt);
        if (owner == null) {
            owner = implicitProtocolOwner(opt, true);
        }
        if (owner == null && current != null && current.arity(opt) == Extension.VARIABLE) {
            owner = current;
        }
        if (owner == null && target != null && target.arity(opt) == Extension.VARIABLE) {
            owner = target;
        }
        if (owner == null) {
            owner = implicitProtocolOwner(opt, false);
        }
        if (owner == null) {
            throw scope.error(t, "unknown-option", "unknown option '" + opt + "'" + (protocol == null && isPortOption(opt)
                    ? " (did you mean -p tcp or -m tcp before it?)" : ""));
        }
        int arity = owner.arity(opt);
        boolean neg = pendingBang != null;
        Token bang = pendingBang;
        pendingBang = null;
        if (arity != 0 && i < tokens.size() && tokens.get(i).isBang() && owner.invertible(opt)) {
            if (neg) {
                throw scope.error(tokens.get(i), "bad-negation", "multiple '!' flags are not allowed");
            }
            bang = tokens.get(i);
            neg = true;
            i++;
        }
        if (neg && !owner.invertible(opt)) {
            throw scope.error(bang, "bad-negation", "'!' is not allowed with " + opt);
        }
        List<Token> args;
        if (arity == Extension.VARIABLE) {
            args = new ArrayList<>();
            while (i < tokens.size() && !tokens.get(i).looksLikeOption() && !tokens.get(i).isBang()) {
                args.add(tokens.get(i++));
            }
        } else {
            if (i + arity > tokens.size()) {
                throw scope.error(t, "missing-argument", "option " + opt + " requires "
                        + (arity == 1 ? "an argument" : arity + " arguments"));
            }
            args = tokens.subList(i, i + arity);
            i += arity;
        }
        owner.option(new Option(t, neg, args), facts(), scope);
    }

    private static boolean isPortOption(String opt) {
        return opt.equals("--dport") || opt.equals("--sport") || opt.equals("--destination-port")
                || opt.equals("--source-port");
    }

    /** The loaded extension that has {@code opt} in its option table: the current one, the target, then the modules. */
    private Extension definiteOwner(String opt) {
        if (current != null && current.arity(opt) >= 0) {
            return current;
        }
        if (target != null && target.arity(opt) >= 0) {
            return target;
        }
        for (MatchExtension m : modules) {
            if (m.arity(opt) >= 0) {
                return m;
            }
        }
        return null;
    }

    /**
     * Loads the {@code -p} protocol's match implicitly for an option no loaded extension knows
     * ({@code load_proto}); {@code definiteOnly} limits this to an option the protocol's match really has.
     */
    private Extension implicitProtocolOwner(String opt, boolean definiteOnly) {
        if (protocol == null || protocolUsed) {
            return null;
        }
        String ext = Protocols.extensionName(protocolNumber, protocol);
        Token nameToken = new Token(ext, tokens.get(i - 1).column(), false);
        MatchExtension m = Extensions.match(nameToken);
        int arity = m.arity(opt);
        if (definiteOnly ? arity < 0 : arity == Extension.UNKNOWN) {
            return null;
        }
        protocolUsed = true;
        modules.add(m);
        current = m;
        return m;
    }

    private RuleSpec build() {
        RuleFacts facts = facts();
        int srcCount = sources == null ? 1 : sources.size();
        int dstCount = destinations == null ? 1 : destinations.size();
        int width = (sources != null ? 1 : 0) + (destinations != null ? 1 : 0) + (in != null ? 1 : 0)
                + (out != null ? 1 : 0) + (protocol != null ? 1 : 0) + (fragment != null ? 1 : 0) + modules.size();
        List<Match> tail = new ArrayList<>(width);
        if (in != null) {
            tail.add(in);
        }
        if (out != null) {
            tail.add(out);
        }
        if (protocol != null) {
            tail.add(new ProtocolMatch(protocol, protocolNegated));
        }
        if (fragment != null) {
            tail.add(fragment);
        }
        for (MatchExtension m : modules) {
            tail.add(m.build(facts, scope));
        }
        Target built = target == null ? NoTarget.INSTANCE : target.build(facts, scope);
        Token targetToken = target == null ? null : target.nameToken;
        if (srcCount * dstCount == 1) {
            // the usual rule: one kernel entry, its address matches put in front of the others
            if (destinations != null) {
                tail.add(0, new AddressMatch(Side.DESTINATION, destinations.get(0), destinationNegated));
            }
            if (sources != null) {
                tail.add(0, new AddressMatch(Side.SOURCE, sources.get(0), sourceNegated));
            }
            return new RuleSpec(List.of(tail), built, targetToken, counters, skipped);
        }
        List<List<Match>> variants = new ArrayList<>(srcCount * dstCount);
        for (int a = 0; a < srcCount; a++) {
            for (int b = 0; b < dstCount; b++) {
                List<Match> matches = new ArrayList<>(width);
                if (sources != null) {
                    matches.add(new AddressMatch(Side.SOURCE, sources.get(a), sourceNegated));
                }
                if (destinations != null) {
                    matches.add(new AddressMatch(Side.DESTINATION, destinations.get(b), destinationNegated));
                }
                matches.addAll(tail);
                variants.add(matches);
            }
        }
        return new RuleSpec(variants, built, targetToken, counters, skipped);
    }
}
