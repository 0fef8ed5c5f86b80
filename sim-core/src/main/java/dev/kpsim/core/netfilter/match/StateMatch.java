package dev.kpsim.core.netfilter.match;

import java.util.Set;

/** {@code -m state [!] --state LIST}: the older spelling of {@code --ctstate}. */
public record StateMatch(Set<CtState> states, boolean negated) implements Match {
    public StateMatch {
        states = Set.copyOf(states);
    }
}
