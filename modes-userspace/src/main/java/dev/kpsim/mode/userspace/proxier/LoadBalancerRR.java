package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The userspace proxier's round-robin load balancer with ClientIP affinity, as an immutable value: every operation
 * returns the next state ({@code LoadBalancerRR} in {@code pkg/proxy/userspace/roundrobin.go}, kube-proxy ≤ 1.25;
 * the userspace mode is historical, removed in kube-proxy 1.26).
 *
 * <p>Semantics kept exactly: setting endpoints shuffles them ({@code util.ShuffleStrings}, here with the seeded
 * {@link #rng()}) and resets the index to 0; an update that changes the endpoint set first drops affinity records of
 * endpoints that are gone ({@code removeStaleAffinity}); {@code NextEndpoint} returns the client's recorded endpoint
 * while the record is younger than the ttl (whole seconds, truncated) and refreshes it, otherwise takes
 * {@code endpoints[index]} and advances the index; {@code CleanupStaleStickySessions} deletes records with
 * {@code age >= ttl}. An entry created by endpoints before its Service keeps the default ttl even when the Service
 * later asks for another ({@code newServiceInternal} only updates the type of an existing entry).
 *
 * <p>Time is an offset on a simulated clock; callers keep it non-decreasing. Service ports are held sorted (Go's map
 * order is random). Thread-safe (immutable).
 */
public record LoadBalancerRR(KubeProxyVersion version, SortedMap<ServicePortName, BalancerState> services, Rng rng) {

    /** {@code ErrMissingServiceEntry}. */
    public static final String ERR_MISSING_SERVICE_ENTRY = "missing service entry";
    /** {@code ErrMissingEndpoints}. */
    public static final String ERR_MISSING_ENDPOINTS = "missing endpoints";

    public LoadBalancerRR {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
    }

    /** {@code NewLoadBalancerRR}: no service ports; {@code rng} drives the endpoint shuffles. */
    public static LoadBalancerRR empty(KubeProxyVersion version, Rng rng) {
        return new LoadBalancerRR(version, new TreeMap<>(), rng);
    }

    /** A new state and the log lines written on the way to it. */
    public record Step(LoadBalancerRR next, List<ProxierLogLine> log) {
        public Step {
            log = List.copyOf(log);
        }
    }

    /**
     * The result of {@code NextEndpoint}: the next state, and either the chosen endpoint or the error text.
     *
     * @param fromAffinity true when the endpoint came from a live ClientIP affinity record
     */
    public record Pick(LoadBalancerRR next, HostPort endpoint, String error, boolean fromAffinity) {
        public boolean ok() {
            return endpoint != null;
        }
    }

    /** The entry of {@code spn}, or null. */
    public BalancerState state(ServicePortName spn) {
        return services.get(spn);
    }

    /**
     * {@code NewService}: creates the entry with the type and ttl (0 means 10800) if absent; if present (its endpoints
     * came first) only the type changes, and the ttl stays what it was.
     */
    public LoadBalancerRR newService(ServicePortName spn, AffinityType type, int ttlSeconds) {
        return with(spn, newServiceInternal(spn, type, ttlSeconds));
    }

    private BalancerState newServiceInternal(ServicePortName spn, AffinityType type, int ttlSeconds) {
        int ttl = ttlSeconds == 0 ? AffinityPolicy.DEFAULT_TTL_SECONDS : ttlSeconds;
        BalancerState existing = services.get(spn);
        if (existing == null) {
            return new BalancerState(List.of(), 0, AffinityPolicy.empty(type, ttl));
        }
        if (type != AffinityType.UNSET) {
            return new BalancerState(existing.endpoints(), existing.index(), existing.affinity().withType(type));
        }
        return existing;
    }

    /** {@code DeleteService}: forgets the entry. */
    public LoadBalancerRR deleteService(ServicePortName spn) {
        SortedMap<ServicePortName, BalancerState> m = new TreeMap<>(services);
        m.remove(spn);
        return new LoadBalancerRR(version, m, rng);
    }

    /**
     * {@code OnEndpointsAdd} for one port of an Endpoints object: upstream only visits ports that have at least one
     * address, so {@code newEndpoints} must not be empty. Logs the V1 "Setting endpoints" line, creates the entry if
     * needed (type unset, default ttl), shuffles the endpoints and resets the index.
     *
     * @param newEndpoints the addresses in the Endpoints object's order (the order the log line prints)
     */
    public Step onEndpointsAdd(ServicePortName spn, List<HostPort> newEndpoints) {
        requireEndpoints(newEndpoints);
        List<ProxierLogLine> log = new ArrayList<>();
        log.add(settingEndpoints(spn, newEndpoints));
        return new Step(setShuffled(newServiceInternal(spn, AffinityType.UNSET, 0), spn, newEndpoints), log);
    }

    /**
     * {@code OnEndpointsUpdate} for one port that is still present: nothing happens if the endpoints are the same set
     * (same length, same elements). Otherwise logs "Setting endpoints", drops affinity records of endpoints that are
     * gone (V2 "Delete endpoint" per gone endpoint), shuffles and resets the index. As upstream, when the entry existed
     * with the same number of endpoints the comparison sorts the new list in place, so the log line and the shuffle
     * see it sorted.
     */
    public Step onEndpointsUpdate(ServicePortName spn, List<HostPort> newEndpoints) {
        requireEndpoints(newEndpoints);
        BalancerState state = services.get(spn);
        List<HostPort> incoming = newEndpoints;
        if (state != null && state.endpoints().size() == newEndpoints.size()) {
            List<HostPort> cur = new ArrayList<>(state.endpoints());
            List<HostPort> sortedNew = new ArrayList<>(newEndpoints);
            Collections.sort(cur);
            Collections.sort(sortedNew);
            if (cur.equals(sortedNew)) {
                return new Step(this, List.of());
            }
            incoming = sortedNew;
        }
        List<ProxierLogLine> log = new ArrayList<>();
        log.add(settingEndpoints(spn, incoming));
        LoadBalancerRR lb = removeStaleAffinity(spn, incoming, log);
        BalancerState base = lb.newServiceInternal(spn, AffinityType.UNSET, 0);
        return new Step(lb.setShuffled(base, spn, incoming), log);
    }

    /**
     * {@code resetService}: the port is gone from the Endpoints object (or the object was deleted). Logs V2
     * "Removing endpoints" if it had endpoints, empties the list, resets the index and clears all affinity records.
     */
    public Step resetService(ServicePortName spn) {
        BalancerState state = services.get(spn);
        if (state == null) {
            return new Step(this, List.of());
        }
        List<ProxierLogLine> log = new ArrayList<>();
        if (!state.endpoints().isEmpty()) {
            log.add(ProxierLogLine.info(2, "LoadBalancerRR: Removing endpoints for " + name(spn)));
        }
        BalancerState reset = new BalancerState(List.of(), 0, state.affinity().withRecords(Map.of()));
        return new Step(with(spn, reset), log);
    }

    /**
     * {@code NextEndpoint(svcPort, srcAddr, sessionAffinityReset)} at time {@code now}. O(1) plus the map copy.
     *
     * @param affinityReset true on a retry after a failed dial: the affinity record is not consulted (but is
     *                      overwritten with the new pick)
     */
    public Pick nextEndpoint(ServicePortName spn, IpAddress clientIp, boolean affinityReset, Duration now) {
        BalancerState state = services.get(spn);
        if (state == null) {
            return new Pick(this, null, ERR_MISSING_SERVICE_ENTRY, false);
        }
        if (state.endpoints().isEmpty()) {
            return new Pick(this, null, ERR_MISSING_ENDPOINTS, false);
        }
        AffinityPolicy affinity = state.affinity();
        boolean sticky = affinity.type().sticky();
        if (sticky && !affinityReset) {
            AffinityRecord rec = affinity.records().get(clientIp);
            if (rec != null && rec.ageSeconds(now) < affinity.ttlSeconds()) {
                Map<IpAddress, AffinityRecord> recs = new TreeMap<>(affinity.records());
                recs.put(clientIp, new AffinityRecord(clientIp, rec.endpoint(), now));
                BalancerState next = new BalancerState(state.endpoints(), state.index(), affinity.withRecords(recs));
                return new Pick(with(spn, next), rec.endpoint(), null, true);
            }
        }
        HostPort endpoint = state.endpoints().get(state.index());
        int index = (state.index() + 1) % state.endpoints().size();
        AffinityPolicy nextAffinity = affinity;
        if (sticky) {
            Map<IpAddress, AffinityRecord> recs = new TreeMap<>(affinity.records());
            recs.put(clientIp, new AffinityRecord(clientIp, endpoint, now));
            nextAffinity = affinity.withRecords(recs);
        }
        return new Pick(with(spn, new BalancerState(state.endpoints(), index, nextAffinity)), endpoint, null, false);
    }

    /** {@code CleanupStaleStickySessions(svcPort)}: deletes the port's records with {@code age >= ttl} at {@code now}. */
    public LoadBalancerRR cleanupStaleStickySessions(ServicePortName spn, Duration now) {
        BalancerState state = services.get(spn);
        if (state == null) {
            return this;
        }
        AffinityPolicy a = state.affinity();
        Map<IpAddress, AffinityRecord> kept = new TreeMap<>();
        a.records().forEach((ip, rec) -> {
            if (rec.ageSeconds(now) < a.ttlSeconds()) {
                kept.put(ip, rec);
            }
        });
        if (kept.size() == a.records().size()) {
            return this;
        }
        return with(spn, new BalancerState(state.endpoints(), state.index(), a.withRecords(kept)));
    }

    /** {@code cleanupStaleStickySessions} of the proxier: the per-port cleanup for every entry, as each sync does. */
    public LoadBalancerRR cleanupAllStaleStickySessions(Duration now) {
        LoadBalancerRR lb = this;
        for (ServicePortName spn : services.keySet()) {
            lb = lb.cleanupStaleStickySessions(spn, now);
        }
        return lb;
    }

    private LoadBalancerRR removeStaleAffinity(ServicePortName spn, List<HostPort> newEndpoints, List<ProxierLogLine> log) {
        BalancerState state = services.get(spn);
        if (state == null) {
            return this;
        }
        Set<HostPort> keep = new HashSet<>(newEndpoints);
        Map<IpAddress, AffinityRecord> recs = new TreeMap<>(state.affinity().records());
        for (HostPort existing : state.endpoints()) {
            if (!keep.contains(existing)) {
                log.add(ProxierLogLine.info(2, "Delete endpoint " + existing + " for service " + GoFormat.quote(name(spn))));
                recs.values().removeIf(r -> r.endpoint().equals(existing));
            }
        }
        return with(spn, new BalancerState(state.endpoints(), state.index(), state.affinity().withRecords(recs)));
    }

    private LoadBalancerRR setShuffled(BalancerState base, ServicePortName spn, List<HostPort> endpoints) {
        Rng.PermDraw draw = rng.perm(endpoints.size());
        HostPort[] shuffled = new HostPort[endpoints.size()];
        for (int i = 0; i < endpoints.size(); i++) {
            shuffled[draw.perm().get(i)] = endpoints.get(i);
        }
        SortedMap<ServicePortName, BalancerState> m = new TreeMap<>(services);
        m.put(spn, new BalancerState(List.of(shuffled), 0, base.affinity()));
        return new LoadBalancerRR(version, m, draw.next());
    }

    private LoadBalancerRR with(ServicePortName spn, BalancerState state) {
        SortedMap<ServicePortName, BalancerState> m = new TreeMap<>(services);
        m.put(spn, state);
        return new LoadBalancerRR(version, m, rng);
    }

    private ProxierLogLine settingEndpoints(ServicePortName spn, List<HostPort> endpoints) {
        return ProxierLogLine.info(1, "LoadBalancerRR: Setting endpoints for " + name(spn) + " to " + GoFormat.slice(endpoints));
    }

    private String name(ServicePortName spn) {
        return spn.toString(version);
    }

    private static void requireEndpoints(List<HostPort> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("an Endpoints port without addresses is not visited; use resetService");
        }
    }
}
