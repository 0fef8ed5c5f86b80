package dev.kpsim.mode.userspace.portal;

/**
 * Opening a portal failed; the message is the Go error text the userspace proxier logged after
 * {@code Failed to open portal for "…": }, e.g. a {@code Port conflict detected on port …} from
 * {@code claimNodePort}.
 */
public final class PortalException extends Exception {
    private static final long serialVersionUID = 1L;

    public PortalException(String message) {
        super(message);
    }
}
