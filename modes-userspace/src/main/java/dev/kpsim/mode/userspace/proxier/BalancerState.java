package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.net.HostPort;
import java.util.List;

/**
 * The round-robin state of one service port ({@code balancerState} in {@code pkg/proxy/userspace/roundrobin.go}):
 * the endpoints in the order they are served (shuffled when they were set), the index of the next one, and the
 * affinity policy.
 *
 * @param index the position {@code NextEndpoint} takes next; 0 when {@code endpoints} is empty
 */
public record BalancerState(List<HostPort> endpoints, int index, AffinityPolicy affinity) {

    public BalancerState {
        endpoints = List.copyOf(endpoints);
        if (index < 0 || (index > 0 && index >= endpoints.size())) {
            throw new IllegalArgumentException("index " + index + " is outside 0.." + Math.max(0, endpoints.size() - 1));
        }
    }

    /** The endpoint {@code NextEndpoint} picks next without affinity, or null when there are no endpoints. */
    public HostPort nextInRotation() {
        return endpoints.isEmpty() ? null : endpoints.get(index);
    }
}
