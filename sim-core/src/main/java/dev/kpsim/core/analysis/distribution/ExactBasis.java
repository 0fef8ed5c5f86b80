package dev.kpsim.core.analysis.distribution;

/**
 * Where a distribution report's exact shares come from.
 */
public enum ExactBasis {
    /**
     * The first connection's exact outcome probabilities: every connection meets the same random choices
     * (iptables' {@code statistic --mode random}, nftables' {@code numgen random}), so each has that distribution.
     */
    FIRST_CONNECTION,
    /**
     * The sequence itself: each connection's outcome is certain given the state the earlier ones left (an IPVS
     * scheduler, the userspace proxier's round robin, {@code statistic --mode nth}), and the exact share of an
     * endpoint is the mean over the N connections of its probability just before each — for a deterministic sequence,
     * simply its share of the sequence (rr over a multiple of 3 connections: exactly 1/3 each).
     */
    SEQUENCE
}
