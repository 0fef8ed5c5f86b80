package dev.kpsim.core.netfilter.match;

import dev.kpsim.core.net.Cidr;

/** {@code [!] -s CIDR} / {@code [!] -d CIDR}. */
public record AddressMatch(Side side, Cidr cidr, boolean negated) implements Match {
}
