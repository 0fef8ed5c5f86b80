package dev.kpsim.core.netfilter.match;

/** Conntrack states as {@code --ctstate} names them. {@code DNAT}/{@code SNAT} are virtual states of a NATed connection. */
public enum CtState {
    INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT
}
