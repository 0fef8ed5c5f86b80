package dev.kpsim.mode.userspace.ports;

/**
 * A proxy port could not be allocated. The message is the Go error text the userspace proxier logged, such as
 * {@code port allocation failed; there are no remaining ports left to allocate in the accepted range}
 * ({@code errPortRangeNoPortsRemaining} in {@code pkg/proxy/userspace/port_allocator.go}).
 */
public final class PortAllocationException extends Exception {
    private static final long serialVersionUID = 1L;

    public PortAllocationException(String message) {
        super(message);
    }
}
