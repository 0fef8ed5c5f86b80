package dev.kpsim.core.cluster;

import dev.kpsim.core.net.Protocol;

/**
 * One entry of a Service's {@code spec.ports}. {@code name} is "" when unnamed; {@code nodePort} is 0 when the
 * Service has none (ClusterIP, or a LoadBalancer with allocateLoadBalancerNodePorts=false).
 */
public record ServicePort(String name, Protocol protocol, int port, PortRef targetPort, int nodePort) {

    public ServicePort {
        name = name == null ? "" : name;
        if (targetPort == null) {
            targetPort = PortRef.of(port);
        }
    }
}
