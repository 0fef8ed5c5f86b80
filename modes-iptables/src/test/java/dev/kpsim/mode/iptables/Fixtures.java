package dev.kpsim.mode.iptables;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helpers that build clusters the way kube-proxy's {@code proxier_test.go} does ({@code makeTestService},
 * {@code makeTestEndpointSlice}, {@code NewFakeProxier}).
 */
final class Fixtures {
    private Fixtures() {
    }

    static final String TEST_NODE = "test-node";

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    /** {@code NewFakeProxier}'s node: test-node with 192.168.0.2 (primary), 192.168.1.2 and 192.168.99.11. */
    static Node testNode() {
        return new Node(TEST_NODE, List.of(ip("192.168.0.2"), ip("192.168.1.2"), ip("192.168.99.11")), List.of(), null, null);
    }

    /** {@code NewFakeProxier}'s configuration: detector by CIDR 10.0.0.0/8, localhostNodePorts, all NodePort addresses. */
    static ProxyConfig fakeProxierConfig(KubeProxyVersion version) {
        return ProxyConfig.defaults().toBuilder().clusterCidrs(List.of(Cidr.parse("10.0.0.0/8")))
                .kubeProxyVersion(version).build();
    }

    static ServicePort tcp(String name, int port) {
        return new ServicePort(name, Protocol.TCP, port, null, 0);
    }

    static ServicePort tcp(String name, int port, int nodePort) {
        return new ServicePort(name, Protocol.TCP, port, null, nodePort);
    }

    static ServicePort port(String name, Protocol p, int port, int target, int nodePort) {
        return new ServicePort(name, p, port, PortRef.of(target), nodePort);
    }

    static LoadBalancerIngress ingress(String ip) {
        return new LoadBalancerIngress(ip(ip), null, null);
    }

    /** A ready endpoint on no node. */
    static SliceEndpoint ep(String address) {
        return ep(address, null);
    }

    /** A ready endpoint on {@code node}. */
    static SliceEndpoint ep(String address, String node) {
        return new SliceEndpoint(List.of(ip(address)), null, null, null, node, null, null, null, null);
    }

    /** An endpoint with explicit conditions. */
    static SliceEndpoint ep(String address, String node, boolean ready, boolean serving, boolean terminating) {
        return new SliceEndpoint(List.of(ip(address)), ready, serving, terminating, node, null, null, null, null);
    }

    static EndpointPort slicePort(String name, Protocol p, int port) {
        return new EndpointPort(name, p, port);
    }

    /** One slice for {@code ns/svc} with the given ports and endpoints; the family follows the first endpoint. */
    static EndpointSlice slice(String ns, String svc, List<EndpointPort> ports, SliceEndpoint... eps) {
        IpFamily family = eps.length == 0 ? IpFamily.IPV4 : eps[0].addresses().get(0).family();
        return new EndpointSlice(ns, svc + "-1", svc, family, ports, Arrays.asList(eps), null);
    }

    static EndpointSlice slice(String ns, String svc, String portName, int port, SliceEndpoint... eps) {
        return slice(ns, svc, List.of(slicePort(portName, Protocol.TCP, port)), eps);
    }

    static Cluster cluster(List<Node> nodes, List<Service> services, List<EndpointSlice> slices) {
        return new Cluster(nodes, List.of(), services, slices);
    }

    /** Generates with kube-proxy's unit-test node facts (mark 0x4000, no --random-fully, nfacct). */
    static IptablesDataPlane generateUpstream(Cluster cluster, ProxyConfig cfg, String node) {
        return new IptablesMode(IptablesOptions.upstreamUnitTest()).generate(new ProxyInput(cluster, cfg, node));
    }

    static String ipv4Restore(IptablesDataPlane dp) {
        return dp.payload(IpFamily.IPV4).orElseThrow().render();
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The services of kube-proxy's {@code TestOverallIPTablesRules}; svc5 has ClientIP affinity if asked. */
    static List<Service> overallServices(boolean svc5Affinity) {
        List<Service> s = new ArrayList<>();
        s.add(Service.builder("ns1", "svc1").clusterIp(ip("172.30.0.41")).port(tcp("p80", 80)).build());
        s.add(Service.builder("ns2", "svc2").type(dev.kpsim.core.cluster.ServiceType.LoadBalancer)
                .externalTrafficPolicy(dev.kpsim.core.cluster.TrafficPolicy.Local).clusterIp(ip("172.30.0.42"))
                .port(tcp("p80", 80, 3001)).loadBalancerIngress(ingress("1.2.3.4")).externalIp(ip("192.168.99.22"))
                .healthCheckNodePort(30000).build());
        s.add(Service.builder("ns3", "svc3").type(dev.kpsim.core.cluster.ServiceType.NodePort)
                .clusterIp(ip("172.30.0.43")).port(tcp("p80", 80, 3003)).build());
        s.add(Service.builder("ns4", "svc4").type(dev.kpsim.core.cluster.ServiceType.NodePort)
                .clusterIp(ip("172.30.0.44")).externalIp(ip("192.168.99.33"))
                .port(port("p80", Protocol.TCP, 80, 80, 0)).build());
        var svc5 = Service.builder("ns5", "svc5").type(dev.kpsim.core.cluster.ServiceType.LoadBalancer)
                .externalTrafficPolicy(dev.kpsim.core.cluster.TrafficPolicy.Cluster).clusterIp(ip("172.30.0.45"))
                .port(tcp("p80", 80, 3002)).loadBalancerIngress(ingress("5.6.7.8")).healthCheckNodePort(30000)
                .loadBalancerSourceRange(" 203.0.113.0/25");
        if (svc5Affinity) {
            svc5.sessionAffinity(dev.kpsim.core.cluster.SessionAffinity.ClientIP, 10800);
        }
        s.add(svc5.build());
        s.add(Service.builder("ns6", "svc6").clusterIp(ip("172.30.0.46")).port(port("p80", Protocol.TCP, 80, 80, 0)).build());
        return s;
    }

    /** The EndpointSlices of {@code TestOverallIPTablesRules}. */
    static List<EndpointSlice> overallSlices(String localNode) {
        return List.of(
                slice("ns1", "svc1", "p80", 80, ep("10.180.0.1")),
                slice("ns2", "svc2", "p80", 80, ep("10.180.0.2")),
                slice("ns3", "svc3", "p80", 80, ep("10.180.0.3")),
                slice("ns4", "svc4", "p80", 80, ep("10.180.0.4"), ep("10.180.0.5", localNode)),
                slice("ns5", "svc5", "p80", 80, ep("10.180.0.3")));
    }
}
