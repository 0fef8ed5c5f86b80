package dev.kpsim.mode.userspace.simulate;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How one service port's connections spread over its endpoints in a userspace-proxier simulation, and how sticky
 * clients were.
 *
 * @param counts             connections delivered per endpoint (endpoints never chosen are listed with 0)
 * @param delivered          connections that reached an endpoint
 * @param failed             connections closed without an endpoint (no endpoints, all dials failed)
 * @param repeatConnections  connections from a client IP that had connected before
 * @param sameAsPrevious     of those, how many went to the same endpoint as that client's previous connection
 */
public record EndpointShares(ServicePortName service, SortedMap<HostPort, Integer> counts, int delivered, int failed,
                             int repeatConnections, int sameAsPrevious) {

    public EndpointShares {
        counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }

    /** The endpoint's share of delivered connections, 0 when none were delivered. */
    public double share(HostPort endpoint) {
        return delivered == 0 ? 0 : counts.getOrDefault(endpoint, 0) / (double) delivered;
    }

    /** Fraction of repeat connections that stayed on the previous endpoint (1.0 = fully sticky); 0 if none. */
    public double stickiness() {
        return repeatConnections == 0 ? 0 : sameAsPrevious / (double) repeatConnections;
    }
}
