package dev.kpsim.emulator.userspace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The userspace proxier's endpoint choice for one service port: round robin over the endpoint list with
 * optional ClientIP affinity, as kube-proxy's {@code LoadBalancerRR.NextEndpoint} did
 * ({@code pkg/proxy/userspace/roundrobin.go}, up to v1.25; reference/userspace.md §4).
 *
 * <ul>
 *   <li>With ClientIP affinity and no reset, a client whose record is younger than the timeout
 *       ({@code int(seconds since lastUsed) < ttl}) gets its recorded endpoint and the record is refreshed.</li>
 *   <li>Otherwise the endpoint at the round-robin index is taken and the index advances; with affinity the
 *       client's record is (re)written.</li>
 * </ul>
 * The list order is the caller's: kube-proxy shuffled it on every update, the caller applies its own seeded
 * shuffle. Thread-safe (one lock, as the proxier's mutex). JDK only.
 */
public final class EndpointPicker {

    private record Affinity(String endpoint, long lastUsedNanos) {
    }

    private final List<String> endpoints;
    private final boolean clientIpAffinity;
    private final int ttlSeconds;
    private final LongSupplier nanoClock;
    private final Map<String, Affinity> affinity = new HashMap<>();
    private int index;

    /**
     * @param endpoints        "ip:port" strings in serving order
     * @param clientIpAffinity sessionAffinity ClientIP
     * @param ttlSeconds       affinity timeout; 0 means kube-proxy's default 10800
     * @param nanoClock        monotonic clock ({@code System::nanoTime} outside tests)
     */
    public EndpointPicker(List<String> endpoints, boolean clientIpAffinity, int ttlSeconds, LongSupplier nanoClock) {
        this.endpoints = List.copyOf(endpoints);
        this.clientIpAffinity = clientIpAffinity;
        this.ttlSeconds = ttlSeconds == 0 ? 10800 : ttlSeconds;
        this.nanoClock = nanoClock;
    }

    /**
     * The endpoint for a new connection from {@code clientIp}; empty when the list is empty ("missing endpoints").
     *
     * @param affinityReset true on a retry after a failed dial: ignore the affinity record
     */
    public synchronized Optional<String> next(String clientIp, boolean affinityReset) {
        if (endpoints.isEmpty()) {
            return Optional.empty();
        }
        long now = nanoClock.getAsLong();
        if (clientIpAffinity && !affinityReset) {
            Affinity a = affinity.get(clientIp);
            if (a != null && (now - a.lastUsedNanos()) / 1_000_000_000L < ttlSeconds) {
                affinity.put(clientIp, new Affinity(a.endpoint(), now));
                return Optional.of(a.endpoint());
            }
        }
        String ep = endpoints.get(index);
        index = (index + 1) % endpoints.size();
        if (clientIpAffinity) {
            affinity.put(clientIp, new Affinity(ep, now));
        }
        return Optional.of(ep);
    }

    public List<String> endpoints() {
        return endpoints;
    }
}
