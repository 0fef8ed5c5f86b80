package dev.kpsim.mode.nftables;

import static dev.kpsim.mode.nftables.TestClusters.ep;
import static dev.kpsim.mode.nftables.TestClusters.epPort;
import static dev.kpsim.mode.nftables.TestClusters.port;
import static dev.kpsim.mode.nftables.TestClusters.svc;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.Protocol;
import java.util.List;

/**
 * The "hostnames" example (Kubernetes "Debug Services"): Service {@code default/hostnames}, unnamed TCP port 80 on
 * ClusterIP 10.0.1.175, three pods serving on 9376, one per node; kube-proxy simulated on node-1, whose pod CIDR is
 * 10.244.1.0/24 (bridge cni0 at 10.244.1.1). A client pod 10.244.1.10 runs on node-1 too.
 */
final class Hostnames {
    static final String NODE = "node-1";

    private Hostnames() {
    }

    static Cluster cluster() {
        return new TestClusters()
                .node("node-1", List.of("192.168.1.11"), List.of("10.244.1.0/24"))
                .node("node-2", List.of("192.168.1.12"), List.of("10.244.2.0/24"))
                .node("node-3", List.of("192.168.1.13"), List.of("10.244.3.0/24"))
                .pod("default", "hostnames-a", "10.244.1.7", "node-1")
                .pod("default", "hostnames-b", "10.244.2.3", "node-2")
                .pod("default", "hostnames-c", "10.244.3.6", "node-3")
                .pod("default", "client", "10.244.1.10", "node-1")
                .service(svc("default", "hostnames", "10.0.1.175").port(port("", Protocol.TCP, 80, 9376, 0)).build())
                .slice("default", "hostnames", List.of(epPort("", Protocol.TCP, 9376)), List.of(
                        ep("10.244.3.6", "node-3", "default/hostnames-c"),
                        ep("10.244.1.7", "node-1", "default/hostnames-a"),
                        ep("10.244.2.3", "node-2", "default/hostnames-b")))
                .build();
    }

    static ProxyConfig config(KubeProxyVersion v) {
        return ProxyConfig.defaults().toBuilder().mode("nftables").clusterCidrs(List.of(Cidr.parse("10.244.0.0/16")))
                .kubeProxyVersion(v).build();
    }

    static ProxyInput input(KubeProxyVersion v) {
        return new ProxyInput(cluster(), config(v), NODE);
    }
}
