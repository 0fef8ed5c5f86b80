package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.target.Target;
import java.util.List;

/**
 * A parsed rule specification (everything after {@code -A CHAIN}). {@code variants} holds one match list per kernel
 * entry: iptables turns {@code -s a,b -d c,d} into one entry per source × destination, almost always just one.
 *
 * @param targetToken the {@code -j}/{@code -g} name token, null without a target
 * @param counters    counters given with {@code -c PKTS BYTES}, else null
 * @param skipped     true for a rule marked {@code -4}/{@code -6} for the other family, which iptables-restore ignores
 */
record RuleSpec(List<List<Match>> variants, Target target, Token targetToken, Counters counters, boolean skipped) {
    RuleSpec {
        variants = List.copyOf(variants);
    }
}
