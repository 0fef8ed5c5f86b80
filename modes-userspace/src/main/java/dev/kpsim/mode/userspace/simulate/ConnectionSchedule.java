package dev.kpsim.mode.userspace.simulate;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.mode.userspace.proxier.ConnectionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Simple, deterministic workloads for the userspace proxier simulation: who connects to which service port when.
 */
public final class ConnectionSchedule {
    private ConnectionSchedule() {
    }

    /**
     * {@code count} connections to {@code service}, connection k from {@code clients[k mod clients.size()]} at
     * {@code k · interval}. Each client keeps its own source port per connection (port + k), as a real client would
     * open a new socket each time.
     */
    public static List<ConnectionRequest> evenly(ServicePortName service, List<HostPort> clients, int count, Duration interval) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one client");
        }
        if (count < 0 || interval.isNegative()) {
            throw new IllegalArgumentException("count and interval must not be negative");
        }
        List<ConnectionRequest> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            HostPort base = clients.get(k % clients.size());
            int port = 1 + Math.floorMod(base.port() - 1 + k / clients.size(), 65535);
            out.add(ConnectionRequest.of(service, new HostPort(base.ip(), port), interval.multipliedBy(k)));
        }
        return out;
    }
}
