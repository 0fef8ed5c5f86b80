package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.Match;
import java.util.List;

/**
 * {@code -m addrtype [!] --src-type T[,T…] [!] --dst-type T[,T…] [--limit-iface-in|--limit-iface-out]}
 * (libxt_addrtype.c, revision 1). Type lists are normalised to what iptables-save prints: upper case, in the order of
 * the kernel's route types (UNSPEC, UNICAST, LOCAL, BROADCAST, …), each a case-insensitive prefix as in
 * {@code parse_type}.
 */
final class AddrtypeMatchParser extends MatchExtension {
    static final List<String> TYPES = List.of("UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
            "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE");

    private String src;
    private boolean srcNegated;
    private String dst;
    private boolean dstNegated;
    private boolean limitIn;
    private boolean limitOut;

    AddrtypeMatchParser(Token nameToken) {
        super("addrtype", nameToken);
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--src-type", "--dst-type" -> 1;
            case "--limit-iface-in", "--limit-iface-out" -> 0;
            default -> UNKNOWN;
        };
    }

    @Override
    boolean invertible(String option) {
        return option.endsWith("-type");
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        switch (o.name()) {
            case "--src-type" -> {
                once(src != null, o, scope);
                src = types(o.arg(0), scope);
                srcNegated = o.negated();
            }
            case "--dst-type" -> {
                once(dst != null, o, scope);
                dst = types(o.arg(0), scope);
                dstNegated = o.negated();
            }
            case "--limit-iface-in" -> {
                if (limitOut) {
                    throw scope.error(o.token(), "bad-option", "--limit-iface-in cannot be combined with --limit-iface-out");
                }
                limitIn = true;
            }
            default -> {
                if (limitIn) {
                    throw scope.error(o.token(), "bad-option", "--limit-iface-out cannot be combined with --limit-iface-in");
                }
                limitOut = true;
            }
        }
    }

    /** The canonical, bit-ordered type list. */
    static String types(Token token, LineScope scope) {
        boolean[] bits = new boolean[TYPES.size()];
        for (String part : token.text().split(",", -1)) {
            int found = -1;
            if (!part.isEmpty()) {
                for (int i = 0; i < TYPES.size(); i++) {
                    String t = TYPES.get(i);
                    if (t.length() >= part.length() && t.substring(0, part.length()).equalsIgnoreCase(part)) {
                        found = i;
                        break;
                    }
                }
            }
            if (found < 0) {
                throw scope.error(token, "bad-option-value", "addrtype: bad type '" + part + "'");
            }
            bits[found] = true;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                sb.append(sb.length() == 0 ? "" : ",").append(TYPES.get(i));
            }
        }
        return sb.toString();
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (src == null && dst == null) {
            throw scope.error(nameToken, "missing-option", "addrtype: you must specify --src-type or --dst-type");
        }
        return new AddrtypeMatch(src, srcNegated, dst, dstNegated, limitIn, limitOut);
    }
}
