package dev.kpsim.core.netfilter.engine;

/** The answer of an {@link IpsetLookup}: the packet's key is in the set, is not, or the set is unknown. */
public enum IpsetMembership {
    MEMBER, NOT_MEMBER, UNKNOWN_SET
}
