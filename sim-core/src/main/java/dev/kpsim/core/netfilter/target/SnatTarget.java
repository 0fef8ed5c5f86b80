package dev.kpsim.core.netfilter.target;

/** {@code -j SNAT --to-source RANGE [--random] [--random-fully] [--persistent]}. */
public record SnatTarget(NatRange to, boolean random, boolean randomFully, boolean persistent) implements Target {
}
