package dev.kpsim.core.analysis.reach;

/**
 * Why connections to a frontend are silently dropped (user-pains.md §4: clients time out rather than fail fast).
 *
 * @param reason    the reason in plain words
 * @param decidedBy the dropping rule ({@code table:chain rule N})
 */
public record BlackHole(Cause cause, String reason, String decidedBy) {

    /** The kinds of black hole kube-proxy creates. */
    public enum Cause {
        /** externalTrafficPolicy: Local and no endpoint on the node the traffic arrived at. */
        EXTERNAL_POLICY_LOCAL,
        /** internalTrafficPolicy: Local and no endpoint on the client's node. */
        INTERNAL_POLICY_LOCAL,
        /** The source is outside the service's loadBalancerSourceRanges. */
        SOURCE_RANGES,
        /** Any other drop (another agent's rule, an unallocated ClusterIP, …). */
        OTHER
    }
}
