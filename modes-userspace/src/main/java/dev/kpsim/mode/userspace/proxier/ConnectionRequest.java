package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import java.time.Duration;
import java.util.Set;

/**
 * A new connection (TCP) or datagram (UDP) that reached a service port's proxy socket: from {@code client}, at time
 * {@code at} on the simulated clock. {@code unreachable} lists endpoints whose dial times out (a dead pod, a broken
 * route), to show the proxier's retries; empty for a healthy cluster.
 */
public record ConnectionRequest(ServicePortName service, HostPort client, Duration at, Set<HostPort> unreachable) {

    public ConnectionRequest {
        unreachable = Set.copyOf(unreachable);
        if (at.isNegative()) {
            throw new IllegalArgumentException("a connection time is an offset from the proxier's start and cannot be negative");
        }
    }

    /** A request with every endpoint reachable. */
    public static ConnectionRequest of(ServicePortName service, HostPort client, Duration at) {
        return new ConnectionRequest(service, client, at, Set.of());
    }
}
