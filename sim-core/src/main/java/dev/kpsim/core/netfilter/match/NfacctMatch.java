package dev.kpsim.core.netfilter.match;

/** {@code -m nfacct --nfacct-name NAME}: counts packets in a named accounting object; always matches. */
public record NfacctMatch(String name) implements Match {
}
