package dev.kpsim.mode.nftables;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceBuilder;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds clusters for tests in a few lines: services, one slice per service port set, nodes and pods. */
final class TestClusters {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<EndpointSlice> slices = new ArrayList<>();

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    TestClusters node(String name, List<String> addresses, List<String> podCidrs) {
        nodes.add(new Node(name, addresses.stream().map(IpAddress::parse).toList(),
                podCidrs.stream().map(Cidr::parse).toList(), null, null));
        return this;
    }

    TestClusters pod(String ns, String name, String ip, String node) {
        pods.add(new Pod(ns, name, Map.of(), List.of(ip(ip)), node, List.of(), true, false, false, null));
        return this;
    }

    TestClusters service(Service s) {
        services.add(s);
        return this;
    }

    /** One slice for {@code ns/svc} with the given ports and endpoints. */
    TestClusters slice(String ns, String svc, List<EndpointPort> ports, List<SliceEndpoint> endpoints) {
        IpFamily f = endpoints.isEmpty() ? IpFamily.IPV4 : endpoints.get(0).addresses().get(0).family();
        slices.add(new EndpointSlice(ns, svc + "-" + (slices.size() + 1), svc, f, ports, endpoints, null));
        return this;
    }

    Cluster build() {
        return new Cluster(nodes, pods, services, slices);
    }

    static ServicePort port(String name, Protocol p, int port, int nodePort) {
        return new ServicePort(name, p, port, PortRef.of(port), nodePort);
    }

    static ServicePort port(String name, Protocol p, int port, int targetPort, int nodePort) {
        return new ServicePort(name, p, port, PortRef.of(targetPort), nodePort);
    }

    static EndpointPort epPort(String name, Protocol p, int port) {
        return new EndpointPort(name, p, port);
    }

    /** A ready endpoint, on {@code node} (null: unknown node). */
    static SliceEndpoint ep(String ip, String node) {
        return new SliceEndpoint(List.of(ip(ip)), null, null, null, node, null, null, null, null);
    }

    static SliceEndpoint ep(String ip, String node, String pod) {
        return new SliceEndpoint(List.of(ip(ip)), null, null, null, node, null, null, null, pod);
    }

    static ServiceBuilder svc(String ns, String name, String clusterIp) {
        return Service.builder(ns, name).clusterIp(ip(clusterIp));
    }

    static LoadBalancerIngress lb(String ip) {
        return new LoadBalancerIngress(ip(ip), null, null);
    }
}
