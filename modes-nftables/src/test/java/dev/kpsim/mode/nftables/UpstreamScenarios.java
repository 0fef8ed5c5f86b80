package dev.kpsim.mode.nftables;

import static dev.kpsim.mode.nftables.TestClusters.ep;
import static dev.kpsim.mode.nftables.TestClusters.epPort;
import static dev.kpsim.mode.nftables.TestClusters.ip;
import static dev.kpsim.mode.nftables.TestClusters.lb;
import static dev.kpsim.mode.nftables.TestClusters.port;
import static dev.kpsim.mode.nftables.TestClusters.svc;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.nftables.gen.NftFlavour;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import dev.kpsim.mode.nftables.gen.NftProxierGenerator;
import dev.kpsim.mode.nftables.model.NftTable;
import java.util.List;

/**
 * The clusters of upstream {@code pkg/proxy/nftables/proxier_test.go} (fake proxier: node {@code test-node} with IPs
 * 192.168.0.2, 192.168.1.2, 192.168.99.11, pod CIDR 10.0.0.0/8, ServiceCIDR 172.30.0.0/16, mark 0x4000,
 * {@code --nodeport-addresses 192.168.0.2/32,2001:db8::1/128}).
 */
final class UpstreamScenarios {
    static final String NODE = "test-node";

    private UpstreamScenarios() {
    }

    static TestClusters base() {
        return new TestClusters().node(NODE, List.of("192.168.0.2", "192.168.1.2", "192.168.99.11", "2001:db8::1",
                "2001:db8:1::2"), List.of("10.0.0.0/24"));
    }

    static ProxyConfig config(KubeProxyVersion v) {
        return ProxyConfig.defaults().toBuilder().mode("nftables").clusterCidrs(List.of(Cidr.parse("10.0.0.0/8")))
                .nodePortAddresses(List.of("192.168.0.2/32", "2001:db8::1/128")).kubeProxyVersion(v).build();
    }

    static NftGeneratorOptions options() {
        return new NftGeneratorOptions(List.of(Cidr.parse("172.30.0.0/16")), "0x4000");
    }

    static NftTable generate(Cluster c, NftFlavour flavour, KubeProxyVersion v) {
        ProxyConfig cfg = config(v);
        return NftProxierGenerator.generate(NodeProxyView.build(c, cfg, NODE, IpFamily.IPV4), cfg, flavour, options())
                .table();
    }

    /** {@code TestOverallNFTablesRules}. */
    static Cluster overall() {
        return base()
                .service(svc("ns1", "svc1", "172.30.0.41").port(port("p80", Protocol.TCP, 80, 0)).build())
                .service(svc("ns2", "svc2", "172.30.0.42").type(ServiceType.LoadBalancer)
                        .externalTrafficPolicy(TrafficPolicy.Local).port(port("p80", Protocol.TCP, 80, 3001))
                        .loadBalancerIngress(lb("1.2.3.4")).externalIp(ip("192.168.99.22")).healthCheckNodePort(30000)
                        .build())
                .service(svc("ns3", "svc3", "172.30.0.43").type(ServiceType.NodePort)
                        .port(port("p80", Protocol.TCP, 80, 3003)).build())
                .service(svc("ns4", "svc4", "172.30.0.44").type(ServiceType.NodePort).externalIp(ip("192.168.99.33"))
                        .port(port("p80", Protocol.TCP, 80, 80, 0)).build())
                .service(svc("ns5", "svc5", "172.30.0.45").type(ServiceType.LoadBalancer)
                        .port(port("p80", Protocol.TCP, 80, 3002)).loadBalancerIngress(lb("5.6.7.8"))
                        .healthCheckNodePort(30000).loadBalancerSourceRange(" 203.0.113.0/25")
                        .sessionAffinity(SessionAffinity.ClientIP, 10800).build())
                .service(svc("ns6", "svc6", "172.30.0.46").port(port("p80", Protocol.TCP, 80, 80, 0)).build())
                .slice("ns1", "svc1", List.of(epPort("p80", Protocol.TCP, 80)), List.of(ep("10.180.0.1", null)))
                .slice("ns2", "svc2", List.of(epPort("p80", Protocol.TCP, 80)), List.of(ep("10.180.0.2", null)))
                .slice("ns3", "svc3", List.of(epPort("p80", Protocol.TCP, 80)), List.of(ep("10.180.0.3", null)))
                .slice("ns4", "svc4", List.of(epPort("p80", Protocol.TCP, 80)),
                        List.of(ep("10.180.0.4", null), ep("10.180.0.5", NODE)))
                .slice("ns5", "svc5", List.of(epPort("p80", Protocol.TCP, 80)), List.of(ep("10.180.0.3", null)))
                .build();
    }

    /** {@code TestSyncProxyRulesRepeated} with svc1, svc2 (port p8080) and svc3. */
    static TestClusters repeated() {
        return base()
                .service(svc("ns1", "svc1", "172.30.0.41").port(port("p80", Protocol.TCP, 80, 0)).build())
                .slice("ns1", "svc1", List.of(epPort("p80", Protocol.TCP, 80)), List.of(ep("10.0.1.1", null)))
                .service(svc("ns3", "svc3", "172.30.0.43").port(port("p80", Protocol.TCP, 80, 0)).build())
                .slice("ns3", "svc3", List.of(epPort("p80", Protocol.TCP, 80)), List.of(ep("10.0.3.1", null)));
    }

    static Cluster repeated3() {
        return repeated()
                .service(svc("ns2", "svc2", "172.30.0.42").port(port("p8080", Protocol.TCP, 8080, 0)).build())
                .slice("ns2", "svc2", List.of(epPort("p8080", Protocol.TCP, 8080)), List.of(ep("10.0.2.1", null)))
                .build();
    }

    static Cluster repeated4(boolean withEndpoints) {
        TestClusters t = repeated()
                .service(svc("ns4", "svc4", "172.30.0.44").port(port("p80", Protocol.TCP, 80, 0)).build());
        if (withEndpoints) {
            t.slice("ns4", "svc4", List.of(epPort("p80", Protocol.TCP, 80)), List.of(ep("10.0.4.1", null)));
        }
        return t.build();
    }
}
