package dev.kpsim.core.trace;

/** A netfilter hook, in the kernel's order for the two paths a packet can take. */
public enum Hook {
    PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING
}
