package dev.kpsim.core.netfilter.match;

import dev.kpsim.core.net.Cidr;
import java.util.List;
import java.util.Set;

/**
 * {@code -m conntrack}: {@code [!] --ctstate LIST} and {@code [!] --ctorigdst CIDR}, {@code --ctorigdstport P}; any
 * other option is kept in {@code unmodeled} and makes the match uncertain. Null fields are absent options.
 */
public record ConntrackMatch(Set<CtState> states, boolean statesNegated, Cidr origDst, boolean origDstNegated,
                             PortRange origDstPort, List<String> unmodeled) implements Match {
    public ConntrackMatch {
        states = states == null ? null : Set.copyOf(states);
        unmodeled = unmodeled == null ? List.of() : List.copyOf(unmodeled);
    }
}
