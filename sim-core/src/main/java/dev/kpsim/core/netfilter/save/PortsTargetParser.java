package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import dev.kpsim.core.netfilter.target.Target;

/**
 * {@code -j MASQUERADE [--to-ports P[-Q]] [--random] [--random-fully]} and
 * {@code -j REDIRECT [--to-ports P[-Q]] [--random]} (libxt_NAT.c); nat table only. {@code --to-ports} is stored in
 * its canonical text ({@code P} or {@code P-Q}).
 */
final class PortsTargetParser extends TargetExtension {
    private final boolean masquerade;
    private String toPorts;
    private boolean random;
    private boolean randomFully;

    PortsTargetParser(String name, Token nameToken) {
        super(name, nameToken);
        this.masquerade = name.equals("MASQUERADE");
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--to-ports" -> 1;
            case "--random" -> 0;
            case "--random-fully" -> masquerade ? 0 : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        noNegation(o, scope);
        switch (o.name()) {
            case "--to-ports" -> {
                once(toPorts != null, o, scope);
                toPorts = NatRanges.portsText(NatRanges.ports(o.arg(0).text(), o.arg(0), facts, scope));
            }
            case "--random" -> random = true;
            default -> randomFully = true;
        }
    }

    @Override
    Target build(RuleFacts facts, LineScope scope) {
        NatTargets.requireNatTable(name, nameToken, facts, scope);
        return masquerade ? new MasqueradeTarget(toPorts, random, randomFully) : new RedirectTarget(toPorts, random);
    }
}
