package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.cluster.SessionAffinity;

/**
 * The session-affinity type a {@link LoadBalancerRR} entry holds ({@code affinityPolicy.affinityType} in
 * {@code pkg/proxy/userspace/roundrobin.go}). Besides the API's {@code None} and {@code ClientIP} it can be
 * {@link #UNSET} (Go's empty string): an entry created by an endpoints event before its Service was merged has no type
 * yet, and behaves as {@code None} ({@code isSessionAffinity}).
 */
public enum AffinityType {
    /** {@code ""}: created from endpoints before {@code NewService}; no affinity. */
    UNSET(""),
    /** {@code None}. */
    NONE("None"),
    /** {@code ClientIP}: a client IP sticks to its endpoint until the record is {@code ttlSeconds} old. */
    CLIENT_IP("ClientIP");

    private final String apiName;

    AffinityType(String apiName) {
        this.apiName = apiName;
    }

    /** The value as Go held it: {@code ""}, {@code None} or {@code ClientIP}. */
    public String apiName() {
        return apiName;
    }

    /** {@code isSessionAffinity}: true only for ClientIP. */
    public boolean sticky() {
        return this == CLIENT_IP;
    }

    /** The type a Service's {@code spec.sessionAffinity} gives. */
    public static AffinityType of(SessionAffinity a) {
        return a == SessionAffinity.ClientIP ? CLIENT_IP : NONE;
    }
}
