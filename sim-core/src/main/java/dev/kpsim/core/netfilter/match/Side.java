package dev.kpsim.core.netfilter.match;

/** Which end of a packet a condition looks at. */
public enum Side {
    SOURCE, DESTINATION
}
