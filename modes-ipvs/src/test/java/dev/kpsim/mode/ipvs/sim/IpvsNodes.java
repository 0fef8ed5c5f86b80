package dev.kpsim.mode.ipvs.sim;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceBuilder;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.config.IpvsSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.IpvsMode;
import dev.kpsim.mode.ipvs.gen.IpvsDataPlane;
import java.util.ArrayList;
import java.util.List;

/**
 * IPVS-mode nodes built in code: the Debug Services hostnames Service (ClusterIP 10.0.1.175:80, pods
 * 10.244.0.5-7:9376 on node-1 10.240.0.2, pod CIDR 10.244.0.0/24, cluster CIDR 10.244.0.0/16) and variations.
 */
final class IpvsNodes {
    static final String NODE = "node-1";
    static final String OTHER = "node-2";

    private IpvsNodes() {
    }

    static ServiceBuilder hostnames() {
        return Service.builder("default", "hostnames").clusterIp(IpAddress.parse("10.0.1.175"))
                .port(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 0));
    }

    static SliceEndpoint ep(String ip, String node, boolean ready, Boolean terminating) {
        return new SliceEndpoint(List.of(IpAddress.parse(ip)), ready, ready, terminating, node, null, null, null,
                "default/hostnames-" + ip.substring(ip.lastIndexOf('.') + 1));
    }

    static List<SliceEndpoint> threeLocalPods() {
        return List.of(ep("10.244.0.5", NODE, true, null), ep("10.244.0.6", NODE, true, null),
                ep("10.244.0.7", NODE, true, null));
    }

    static Cluster cluster(Service svc, List<SliceEndpoint> eps, List<EndpointPort> ports) {
        List<Node> nodes = List.of(
                new Node(NODE, List.of(IpAddress.parse("10.240.0.2")), List.of(Cidr.parse("10.244.0.0/24")), null, null),
                new Node(OTHER, List.of(IpAddress.parse("10.240.0.3")), List.of(Cidr.parse("10.244.1.0/24")), null, null));
        EndpointSlice slice = new EndpointSlice("default", svc.name() + "-abc", svc.name(), IpFamily.IPV4, ports,
                new ArrayList<>(eps), null);
        return new Cluster(nodes, List.of(), List.of(svc), List.of(slice));
    }

    static Cluster cluster(Service svc, List<SliceEndpoint> eps) {
        return cluster(svc, eps, List.of(new EndpointPort("", Protocol.TCP, 9376)));
    }

    static ProxyConfig config(String scheduler) {
        return ProxyConfig.defaults().toBuilder().mode("ipvs").clusterCidrs(List.of(Cidr.parse("10.244.0.0/16")))
                .ipvs(new IpvsSettings(scheduler, false, List.of(), 0, 0, 0)).build();
    }

    static IpvsDataPlane generate(Cluster c, ProxyConfig cfg, String node) {
        return (IpvsDataPlane) new IpvsMode().generate(new ProxyInput(c, cfg, node));
    }

    static Simulator simulator(Cluster c, ProxyConfig cfg, String node) {
        return generate(c, cfg, node).simulator(NodeEnvironment.of(c, node)).orElseThrow();
    }

    static Simulator hostnamesSimulator(String scheduler) {
        return simulator(cluster(hostnames().build(), threeLocalPods()), config(scheduler), NODE);
    }
}
