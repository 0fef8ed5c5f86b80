package dev.kpsim.core.trace;

/** A packet's fate: delivered (possibly translated), silently dropped, or rejected with an ICMP error / TCP reset. */
public enum Verdict {
    ACCEPT, DROP, REJECT
}
