package dev.kpsim.core.netfilter.target;

/**
 * What a rule does when it matches ({@code -j}/{@code -g}). A sealed algebra of plain data, like
 * {@link dev.kpsim.core.netfilter.match.Match}. A rule without {@code -j} has {@link NoTarget}: it only counts.
 */
public sealed interface Target permits StandardTarget, JumpTarget, RejectTarget, DnatTarget, SnatTarget,
        MasqueradeTarget, RedirectTarget, MarkTarget, ConnmarkTarget, ContinueTarget, NoTarget, UnknownTarget {
}
