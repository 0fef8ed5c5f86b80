package dev.kpsim.core.netfilter.match;

/** {@code -m statistic --mode nth --every N [--packet P]}: matches every N-th packet, counting per rule. */
public record NthMatch(int every, int packet, boolean negated) implements Match {
}
