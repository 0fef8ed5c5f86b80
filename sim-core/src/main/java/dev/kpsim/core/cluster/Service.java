package dev.kpsim.core.cluster;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpAddress;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes Service as the API server stores it, reduced to what a service proxy reads
 * (kube-proxy {@code pkg/proxy/serviceport.go}). Taken literally: nothing is defaulted here.
 *
 * @param clusterIps              {@code spec.clusterIPs} (or {@code [spec.clusterIP]}); empty for headless/ExternalName
 * @param headless                {@code clusterIP: None}
 * @param externalIps             {@code spec.externalIPs}, in spec order
 * @param loadBalancerSourceRanges {@code spec.loadBalancerSourceRanges}, as written (kube-proxy trims them)
 * @param affinityTimeoutSeconds  ClientIP timeout; {@link SessionAffinity#DEFAULT_TIMEOUT_SECONDS} if unset
 * @param healthCheckNodePort     0 when none
 * @param location                where the object was read, for diagnostics
 */
public record Service(
        String namespace,
        String name,
        ServiceType type,
        List<IpAddress> clusterIps,
        boolean headless,
        List<ServicePort> ports,
        Map<String, String> selector,
        List<IpAddress> externalIps,
        List<LoadBalancerIngress> loadBalancerIngress,
        List<String> loadBalancerSourceRanges,
        TrafficPolicy externalTrafficPolicy,
        TrafficPolicy internalTrafficPolicy,
        SessionAffinity sessionAffinity,
        int affinityTimeoutSeconds,
        int healthCheckNodePort,
        String externalName,
        SourceLocation location) {

    public Service {
        clusterIps = List.copyOf(clusterIps);
        ports = List.copyOf(ports);
        selector = selector == null ? null : Map.copyOf(selector);
        externalIps = List.copyOf(externalIps);
        loadBalancerIngress = List.copyOf(loadBalancerIngress);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
        externalTrafficPolicy = externalTrafficPolicy == null ? TrafficPolicy.Cluster : externalTrafficPolicy;
        internalTrafficPolicy = internalTrafficPolicy == null ? TrafficPolicy.Cluster : internalTrafficPolicy;
        sessionAffinity = sessionAffinity == null ? SessionAffinity.None : sessionAffinity;
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    /**
     * True if kube-proxy ignores this Service entirely ({@code ShouldSkipService}): no ClusterIP, headless, or
     * ExternalName.
     */
    public boolean skippedByProxy() {
        return headless || clusterIps.isEmpty() || type == ServiceType.ExternalName;
    }

    /** A builder for tests and generators, pre-filled with the API's defaults for a ClusterIP Service. */
    public static ServiceBuilder builder(String namespace, String name) {
        return new ServiceBuilder(namespace, name);
    }

    /** A builder holding this Service's values, for what-if edits. */
    public ServiceBuilder toBuilder() {
        return new ServiceBuilder(this);
    }
}
