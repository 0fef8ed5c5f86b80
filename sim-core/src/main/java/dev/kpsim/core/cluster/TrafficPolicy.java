package dev.kpsim.core.cluster;

/**
 * {@code spec.externalTrafficPolicy} / {@code spec.internalTrafficPolicy}: {@code Cluster} (any ready endpoint)
 * or {@code Local} (only endpoints on the receiving node). Kubernetes' older spelling {@code Local}/{@code Cluster}
 * is the only one; an unset policy means Cluster.
 */
public enum TrafficPolicy {
    Cluster, Local
}
