package dev.kpsim.core.netfilter.save;

/** Checks shared by the NAT targets. */
final class NatTargets {
    private NatTargets() {
    }

    /** The kernel accepts DNAT, SNAT, MASQUERADE and REDIRECT only in the nat table. */
    static void requireNatTable(String target, Token token, RuleFacts facts, LineScope scope) {
        if (!"nat".equals(facts.table())) {
            throw scope.error(token, "bad-target", target + " is only valid in the nat table, not in " + facts.table());
        }
    }
}
