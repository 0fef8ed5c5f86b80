package dev.kpsim.mode.iptables;

import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import java.util.ArrayList;
import java.util.List;

/**
 * One table of the restore payload while it is being written: kube-proxy keeps chain declarations and rules in
 * two separate buffers ({@code filterChains}/{@code filterRules}, {@code natChains}/{@code natRules}) and
 * concatenates them, so every {@code :CHAIN} line precedes every rule. Mutable; confined to one generation.
 */
final class TableBuffer {
    private final String name;
    private final List<RestoreLine> chains = new ArrayList<>();
    private final List<RestoreLine> rules = new ArrayList<>();

    TableBuffer(String name) {
        this.name = name;
    }

    /** Declares a chain ({@code utiliptables.MakeChainLine}: {@code ":" + name + " - [0:0]"}). */
    void chain(String chain, Provenance provenance) {
        chains.add(new RestoreLine(":" + chain + " - [0:0]", provenance));
    }

    /** Appends a rule line; {@code args} start with {@code -A CHAIN}. */
    void rule(Provenance provenance, RuleArgs args) {
        rules.add(new RestoreLine(args.text(), provenance));
    }

    /** Number of rule lines written so far (kube-proxy's {@code LineBuffer.Lines()} of the rules buffer). */
    int ruleLines() {
        return rules.size();
    }

    RestoreTable build() {
        List<RestoreLine> all = new ArrayList<>(chains.size() + rules.size());
        all.addAll(chains);
        all.addAll(rules);
        return new RestoreTable(name, all);
    }
}
