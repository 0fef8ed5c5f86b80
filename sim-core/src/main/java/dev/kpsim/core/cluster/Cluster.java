package dev.kpsim.core.cluster;

import dev.kpsim.core.net.IpAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything kpsim knows about a cluster: nodes, pods, services and their EndpointSlices. Immutable; lists are
 * kept in the order read (nodes sorted by name).
 */
public record Cluster(List<Node> nodes, List<Pod> pods, List<Service> services, List<EndpointSlice> endpointSlices) {

    public Cluster {
        nodes = nodes.stream().sorted(Comparator.comparing(Node::name)).toList();
        pods = List.copyOf(pods);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
    }

    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<Service> service(String namespace, String name) {
        return services.stream().filter(s -> s.namespace().equals(namespace) && s.name().equals(name)).findFirst();
    }

    /** The pod that owns {@code ip} (host-network pods excluded), if any. */
    public Optional<Pod> podByIp(IpAddress ip) {
        return pods.stream().filter(p -> !p.hostNetwork() && p.ips().contains(ip)).findFirst();
    }

    /** The node that has {@code ip} as one of its own addresses, if any. */
    public Optional<Node> nodeByIp(IpAddress ip) {
        return nodes.stream().filter(n -> n.addresses().contains(ip)).findFirst();
    }

    /** Slices labelled for the given Service, in the order read. */
    public List<EndpointSlice> slicesOf(Service s) {
        return endpointSlices.stream()
                .filter(e -> e.namespace().equals(s.namespace()) && e.serviceName().equals(s.name()))
                .toList();
    }
}
