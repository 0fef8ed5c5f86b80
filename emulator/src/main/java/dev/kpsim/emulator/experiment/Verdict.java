package dev.kpsim.emulator.experiment;

import dev.kpsim.emulator.client.ConnectionOutcome;

/**
 * The data-plane verdict one connection's outcome implies, in the simulator's vocabulary: answered means the
 * packet was accepted and delivered; a silent timeout means it was dropped; a refusal or ICMP error means it was
 * rejected.
 */
public enum Verdict {
    ACCEPT,
    DROP,
    REJECT,
    /** The client could not even try (a local error); not a data-plane verdict. */
    ERROR;

    /**
     * ANSWERED → ACCEPT; TIMEOUT → DROP; REFUSED, UNREACHABLE → REJECT; CLOSED (accepted, then closed without an
     * answer — a userspace proxy with no reachable endpoint) → REJECT; ERROR → ERROR.
     */
    public static Verdict of(ConnectionOutcome o) {
        return switch (o) {
            case ANSWERED -> ACCEPT;
            case TIMEOUT -> DROP;
            case REFUSED, UNREACHABLE, CLOSED -> REJECT;
            case ERROR -> ERROR;
        };
    }
}
