package dev.kpsim.mode.userspace;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceBuilder;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.config.ProxyConfigBuilder;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Clusters built in code for the userspace-mode tests: the Debug Services page's hostnames example and variants. */
final class Fixtures {
    private Fixtures() {
    }

    static final String NODE = "node-1";
    static final IpAddress NODE_IP = IpAddress.parse("10.240.115.247");
    static final ServicePortName HOSTNAMES = new ServicePortName("default", "hostnames", "default", Protocol.TCP);
    static final List<String> HOSTNAMES_PODS = List.of("10.244.0.5", "10.244.0.6", "10.244.0.7");

    static Node node() {
        return new Node(NODE, List.of(NODE_IP), List.of(Cidr.parse("10.244.0.0/24")), null, null);
    }

    /** The hostnames Service: ClusterIP 10.0.1.175, port 80 named {@code default}, target 9376. */
    static ServiceBuilder hostnamesService() {
        return Service.builder("default", "hostnames")
                .clusterIp(IpAddress.parse("10.0.1.175"))
                .port(new ServicePort("default", Protocol.TCP, 80, PortRef.of(9376), 0))
                .selector(Map.of("app", "hostnames"));
    }

    static EndpointSlice slice(String service, String portName, Protocol protocol, int port, List<String> ips) {
        List<SliceEndpoint> eps = new ArrayList<>();
        for (String ip : ips) {
            eps.add(new SliceEndpoint(List.of(IpAddress.parse(ip)), true, true, false, NODE, null, null, null, null));
        }
        return new EndpointSlice("default", service + "-abcde", service, IpFamily.IPV4,
                List.of(new EndpointPort(portName, protocol, port)), eps, null);
    }

    static Cluster cluster(List<Service> services, List<EndpointSlice> slices) {
        return new Cluster(List.of(node()), List.of(), services, slices);
    }

    static Cluster hostnamesCluster() {
        return cluster(List.of(hostnamesService().build()),
                List.of(slice("hostnames", "default", Protocol.TCP, 9376, HOSTNAMES_PODS)));
    }

    static ProxyConfigBuilder config() {
        return ProxyConfig.defaults().toBuilder().mode("userspace");
    }

    /** The example: pinned proxy port 48577. */
    static ProxyInput hostnamesInput() {
        return new ProxyInput(hostnamesCluster(), config().userspaceProxyPort("default/hostnames:default", 48577).build(), NODE);
    }

    static UserspaceDataPlane generate(ProxyInput input) {
        return new UserspaceMode().generate(input, UserspaceOptions.defaults());
    }

    /** The {@code -A} lines of one table of the payload. */
    static List<String> rules(UserspaceDataPlane dp, String table) {
        return dp.payload().table(table).orElseThrow().lines().stream()
                .map(l -> l.text()).filter(t -> t.startsWith("-A ")).toList();
    }
}
