package dev.kpsim.core.netfilter.target;

/**
 * {@code -j MASQUERADE [--to-ports P[-Q]] [--random] [--random-fully]}: source NAT to the address of the outgoing
 * interface. {@code toPorts} is null when absent.
 */
public record MasqueradeTarget(String toPorts, boolean random, boolean randomFully) implements Target {
}
