package dev.kpsim.core.netfilter;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.target.Target;
import java.util.List;

/**
 * One netfilter rule: its matches in written order (all must match, as in the kernel's ipt_do_table), its target,
 * and where it came from.
 *
 * @param writtenText the rule's arguments exactly as written after {@code -A CHAIN} (restore input or dump line),
 *                    so a payload prints back byte for byte; null for rules built programmatically
 * @param counters    {@code -c}/{@code [p:b]} counters if the input had them, else null
 * @param provenance  the service port / endpoint / role that produced it, when kpsim generated it; else null
 * @param location    the source line it was read from
 */
public record Rule(List<Match> matches, Target target, String writtenText, Counters counters, Provenance provenance,
                   SourceLocation location) {

    public Rule {
        matches = List.copyOf(matches);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** The first {@code -m comment} text, if any (kube-proxy's own provenance on real dumps). */
    public java.util.Optional<String> comment() {
        return matches.stream().filter(m -> m instanceof dev.kpsim.core.netfilter.match.CommentMatch)
                .map(m -> ((dev.kpsim.core.netfilter.match.CommentMatch) m).text()).findFirst();
    }

    public Rule withProvenance(Provenance p) {
        return new Rule(matches, target, writtenText, counters, p, location);
    }
}
