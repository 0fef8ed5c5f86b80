package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.NatRange;
import dev.kpsim.core.netfilter.target.SnatTarget;
import dev.kpsim.core.netfilter.target.Target;

/**
 * {@code -j DNAT --to-destination RANGE [--random] [--persistent]} and
 * {@code -j SNAT --to-source RANGE [--random] [--random-fully] [--persistent]} (libxt_NAT.c); nat table only.
 */
final class NatTargetParser extends TargetExtension {
    private final boolean dnat;
    private NatRange to;
    private boolean random;
    private boolean randomFully;
    private boolean persistent;

    NatTargetParser(String name, Token nameToken) {
        super(name, nameToken);
        this.dnat = name.equals("DNAT");
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--to-destination" -> dnat ? 1 : UNKNOWN;
            case "--to-source" -> dnat ? UNKNOWN : 1;
            case "--random", "--persistent" -> 0;
            case "--random-fully" -> dnat ? UNKNOWN : 0;
            default -> UNKNOWN;
        };
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        noNegation(o, scope);
        switch (o.name()) {
            case "--to-destination", "--to-source" -> {
                if (to != null) {
                    throw scope.error(o.token(), "bad-option", name + ": multiple " + o.name() + " are not supported");
                }
                to = NatRanges.parse(o.arg(0), facts, scope);
            }
            case "--random" -> random = true;
            case "--random-fully" -> randomFully = true;
            default -> persistent = true;
        }
    }

    @Override
    Target build(RuleFacts facts, LineScope scope) {
        NatTargets.requireNatTable(name, nameToken, facts, scope);
        if (to == null) {
            throw scope.error(nameToken, "missing-option", name + " needs " + (dnat ? "--to-destination" : "--to-source"));
        }
        return dnat ? new DnatTarget(to, random, persistent) : new SnatTarget(to, random, randomFully, persistent);
    }
}
