package dev.kpsim.core.netfilter.match;

/** {@code -m comment --comment TEXT}: always matches; kube-proxy's provenance in real dumps. */
public record CommentMatch(String text) implements Match {
}
