package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.target.JumpTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule ready for the per-packet loop: its matches in the kernel's evaluation order (the fixed IP header part
 * {@code -s -d -i -o -p} first, as {@code ip_packet_match} runs before any extension in {@code ipt_do_table}, then the
 * {@code -m} extensions in written order), its target, and the id of the chain it jumps to.
 */
final class CompiledRule {
    final Rule rule;
    final String table;
    final String chain;
    /** 1-based position in its chain, as {@code iptables -L --line-numbers} counts. */
    final int number;
    final CompiledMatch[] matches;
    /** For jumps and gotos: the target chain's id in the same table; else -1. */
    int jumpChain = -1;
    /** Key of this rule's nth counters: table/chain/number/match. */
    final String counterKey;
    private String text;

    private final IpFamily family;

    CompiledRule(Rule rule, String table, String chain, int number, IpFamily family) {
        this.rule = rule;
        this.family = family;
        this.table = table;
        this.chain = chain;
        this.number = number;
        this.counterKey = table + "/" + chain + "/" + number;
        List<CompiledMatch> ipPart = new ArrayList<>();
        List<CompiledMatch> ext = new ArrayList<>();
        for (Match m : rule.matches()) {
            CompiledMatch c = CompiledMatch.compile(m);
            if (c == null) {
                continue;
            }
            boolean header = c.kind == CompiledMatch.ADDRESS || c.kind == CompiledMatch.INTERFACE
                    || c.kind == CompiledMatch.PROTOCOL;
            (header ? ipPart : ext).add(c);
        }
        ipPart.addAll(ext);
        this.matches = ipPart.toArray(new CompiledMatch[0]);
        for (int i = 0; i < matches.length; i++) {
            matches[i].counterKey = counterKey + "#" + i;
        }
    }

    JumpTarget jump() {
        return rule.target() instanceof JumpTarget j ? j : null;
    }

    /** The rule as {@code iptables-save} would show it ({@code -A CHAIN …}); computed once. */
    String text() {
        String t = text;
        if (t == null) {
            t = RuleText.format(chain, rule, family);
            text = t;
        }
        return t;
    }
}
