package dev.kpsim.mode.nftables;

import static dev.kpsim.mode.nftables.TestClusters.ep;
import static dev.kpsim.mode.nftables.TestClusters.epPort;
import static dev.kpsim.mode.nftables.TestClusters.ip;
import static dev.kpsim.mode.nftables.TestClusters.port;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import java.util.List;

/**
 * A dual-stack NodePort Service with externalTrafficPolicy Local and ClientIP affinity, one endpoint per family on
 * node-1 and one on node-2; ServiceCIDRs 10.0.0.0/16 and fd00:10:96::/112.
 */
final class DualStack {
    private DualStack() {
    }

    static Cluster cluster() {
        return new TestClusters()
                .node("node-1", List.of("192.168.1.11", "2001:db8::11"), List.of("10.244.1.0/24", "fd00:10:244:1::/64"))
                .service(Service.builder("default", "dual").clusterIps(List.of(ip("10.0.3.3"), ip("fd00:10:96::33")))
                        .type(ServiceType.NodePort).port(port("http", Protocol.TCP, 80, 8080, 30080))
                        .externalTrafficPolicy(TrafficPolicy.Local).sessionAffinity(SessionAffinity.ClientIP, 300)
                        .build())
                .slice("default", "dual", List.of(epPort("http", Protocol.TCP, 8080)),
                        List.of(ep("fd00:10:244:1::5", "node-1"), ep("fd00:10:244:2::5", "node-2")))
                .slice("default", "dual", List.of(epPort("http", Protocol.TCP, 8080)),
                        List.of(ep("10.244.1.5", "node-1"), ep("10.244.2.5", "node-2")))
                .build();
    }

    static NftablesDataPlane dataPlane(String version) {
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().mode("nftables")
                .clusterCidrs(List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00:10:244::/56")))
                .kubeProxyVersion(KubeProxyVersion.parse(version).orElseThrow()).build();
        return NftablesMode.generate(new ProxyInput(cluster(), cfg, "node-1"), new NftGeneratorOptions(
                List.of(Cidr.parse("10.0.0.0/16"), Cidr.parse("fd00:10:96::/112")), null));
    }
}
