package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.net.IpAddress;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The affinity part of one {@link LoadBalancerRR} entry ({@code affinityPolicy} in
 * {@code pkg/proxy/userspace/roundrobin.go}): the type, the records by client IP, and the time-to-live in seconds
 * ({@code DefaultClientIPServiceAffinitySeconds}, 10800, when the Service gave 0 or the entry was created from
 * endpoints). Records are kept sorted by client IP (Go's map has no order).
 */
public record AffinityPolicy(AffinityType type, SortedMap<IpAddress, AffinityRecord> records, int ttlSeconds) {

    /** kube-proxy's default ClientIP timeout, {@code v1.DefaultClientIPServiceAffinitySeconds}: 3 hours. */
    public static final int DEFAULT_TTL_SECONDS = 10800;

    public AffinityPolicy {
        records = Collections.unmodifiableSortedMap(new TreeMap<>(records));
    }

    /** {@code newAffinityPolicy}: no records. */
    public static AffinityPolicy empty(AffinityType type, int ttlSeconds) {
        return new AffinityPolicy(type, new TreeMap<>(), ttlSeconds);
    }

    /** The same policy with {@code records} instead. */
    public AffinityPolicy withRecords(Map<IpAddress, AffinityRecord> newRecords) {
        return new AffinityPolicy(type, new TreeMap<>(newRecords), ttlSeconds);
    }

    /** The same policy with another type (what {@code newServiceInternal} does to an existing entry). */
    public AffinityPolicy withType(AffinityType newType) {
        return new AffinityPolicy(newType, records, ttlSeconds);
    }
}
