package dev.kpsim.core.cluster;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpFamily;
import java.util.List;

/**
 * A {@code discovery.k8s.io/v1} EndpointSlice, reduced to what kube-proxy's EndpointSliceCache reads
 * ({@code pkg/proxy/endpointslicecache.go}). {@code serviceName} is the {@code kubernetes.io/service-name} label.
 */
public record EndpointSlice(
        String namespace,
        String name,
        String serviceName,
        IpFamily addressType,
        List<EndpointPort> ports,
        List<SliceEndpoint> endpoints,
        SourceLocation location) {

    public EndpointSlice {
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** {@code namespace/serviceName}: the Service this slice belongs to. */
    public String serviceKey() {
        return namespace + "/" + serviceName;
    }
}
