package dev.kpsim.scenarios.collect;

import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpFamily;
import java.util.List;

/**
 * A Service as read, plus what the loader must still fill in for it. Kubernetes objects are taken literally and
 * need nothing ({@link #literal}); a compact scenario's Service may leave its ClusterIPs, NodePorts and
 * healthCheckNodePort to be allocated, and gets EndpointSlices derived from its selector.
 *
 * @param allocateClusterIps    allocate ClusterIPs (the Service was written without one)
 * @param ipFamilies            families to allocate for, in order; empty means the first service CIDR's family
 * @param portsNeedingNodePort  indexes into {@code service.ports()} whose nodePort is to be allocated
 * @param needsHealthCheckNodePort allocate {@code healthCheckNodePort} (LoadBalancer with eTP Local)
 * @param derivesEndpoints      EndpointSlices are derived from pods unless some are given for this Service
 * @param clusterIpLocation     where the ClusterIP was written (the Service's location if not written)
 */
public record ServiceDraft(Service service, boolean allocateClusterIps, List<IpFamily> ipFamilies,
                           List<Integer> portsNeedingNodePort, boolean needsHealthCheckNodePort, boolean derivesEndpoints,
                           SourceLocation clusterIpLocation) {

    public ServiceDraft {
        ipFamilies = List.copyOf(ipFamilies);
        portsNeedingNodePort = List.copyOf(portsNeedingNodePort);
    }

    /** A Service taken exactly as written. */
    public static ServiceDraft literal(Service s, SourceLocation clusterIpLocation) {
        return new ServiceDraft(s, false, List.of(), List.of(), false, false, clusterIpLocation);
    }

    public String key() {
        return service.key();
    }
}
