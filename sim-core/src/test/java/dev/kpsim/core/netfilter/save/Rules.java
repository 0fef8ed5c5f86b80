package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;

/** Test helpers: one rule parsed in a table, and its iptables-save text. */
final class Rules {
    private Rules() {
    }

    static Ruleset parse(IpFamily family, String table, String args) {
        String text = "*" + table + "\n:X - [0:0]\n:Y - [0:0]\n-A X " + args + "\nCOMMIT\n";
        return IptablesParser.parseDump(text, "t.rules", family).ruleset();
    }

    static Rule rule(String table, String args) {
        return rule(IpFamily.IPV4, table, args);
    }

    static Rule rule(IpFamily family, String table, String args) {
        return parse(family, table, args).chain(table, "X").orElseThrow().rules().get(0);
    }

    /** What iptables-save prints after {@code -A X} for the rule written as {@code args} (filter table). */
    static String save(String args) {
        return save(IpFamily.IPV4, "filter", args);
    }

    static String save(IpFamily family, String table, String args) {
        return KernelCanonicalizer.ruleArgs(rule(family, table, args), family, MarkStyle.KERNEL);
    }
}
