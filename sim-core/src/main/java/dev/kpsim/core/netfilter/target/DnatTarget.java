package dev.kpsim.core.netfilter.target;

/** {@code -j DNAT --to-destination RANGE [--random] [--persistent]}: rewrites the destination of a new connection. */
public record DnatTarget(NatRange to, boolean random, boolean persistent) implements Target {
}
