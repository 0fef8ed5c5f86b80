package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.PhysdevMatch;

/**
 * {@code -m physdev} (libxt_physdev.c): {@code [!] --physdev-in NAME}, {@code [!] --physdev-out NAME},
 * {@code [!] --physdev-is-in}, {@code [!] --physdev-is-out}, {@code [!] --physdev-is-bridged}.
 */
final class PhysdevMatchParser extends MatchExtension {
    private String in;
    private boolean inNegated;
    private String out;
    private boolean outNegated;
    private Boolean isIn;
    private Boolean isOut;
    private Boolean isBridged;

    PhysdevMatchParser(Token nameToken) {
        super("physdev", nameToken);
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--physdev-in", "--physdev-out" -> 1;
            case "--physdev-is-in", "--physdev-is-out", "--physdev-is-bridged" -> 0;
            default -> UNKNOWN;
        };
    }

    @Override
    boolean invertible(String option) {
        return true;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        switch (o.name()) {
            case "--physdev-in" -> {
                once(in != null, o, scope);
                in = Interfaces.name(o.arg(0), scope);
                inNegated = o.negated();
            }
            case "--physdev-out" -> {
                once(out != null, o, scope);
                out = Interfaces.name(o.arg(0), scope);
                outNegated = o.negated();
            }
            case "--physdev-is-in" -> {
                once(isIn != null, o, scope);
                isIn = !o.negated();
            }
            case "--physdev-is-out" -> {
                once(isOut != null, o, scope);
                isOut = !o.negated();
            }
            default -> {
                once(isBridged != null, o, scope);
                isBridged = !o.negated();
            }
        }
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (in == null && out == null && isIn == null && isOut == null && isBridged == null) {
            throw scope.error(nameToken, "missing-option", "physdev: no physdev option specified");
        }
        return new PhysdevMatch(in, inNegated, out, outNegated, isIn, isOut, isBridged);
    }
}
