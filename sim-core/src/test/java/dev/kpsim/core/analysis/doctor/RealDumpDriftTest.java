package dev.kpsim.core.analysis.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.save.IptablesParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A real kube-proxy 1.29 node (iptables-nft, flannel, Docker) against the objects as they are now: web's pod 10.244.1.6
 * was replaced by 10.244.2.8, and the input names only web — so the dump's web chains drift and the rest of its
 * kube-proxy chains trace back to no Service.
 */
class RealDumpDriftTest {

    private static String dump() throws IOException {
        try (InputStream in = RealDumpDriftTest.class.getResourceAsStream("/dumps/kube-proxy-1.29-nft-flannel-docker.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Cluster web() {
        Service svc = Service.builder("default", "web").type(ServiceType.NodePort).clusterIp(IpAddress.parse("10.96.110.42"))
                .selector(Map.of("app", "web")).sessionAffinity(SessionAffinity.ClientIP, 10800)
                .port(new ServicePort("http", Protocol.TCP, 80, PortRef.named("http"), 30080)).build();
        List<SliceEndpoint> eps = List.of("10.244.1.5", "10.244.2.7", "10.244.2.8").stream()
                .map(ip -> new SliceEndpoint(List.of(IpAddress.parse(ip)), true, true, false,
                        ip.startsWith("10.244.1.") ? "worker-1" : "worker-2", null, List.of(), List.of(), null)).toList();
        EndpointSlice slice = new EndpointSlice("default", "web-x", "web", IpFamily.IPV4,
                List.of(new EndpointPort("http", Protocol.TCP, 8080)), eps, null);
        List<Node> nodes = List.of(new Node("worker-1", List.of(IpAddress.parse("192.168.49.2")), List.of(Cidr.parse("10.244.1.0/24")), null, null),
                new Node("worker-2", List.of(IpAddress.parse("192.168.49.3")), List.of(Cidr.parse("10.244.2.0/24")), null, null));
        return new Cluster(nodes, List.of(), List.of(svc), List.of(slice));
    }

    @Test
    void theDumpsWebChainsDriftAndTheOthersTraceToNoService() throws IOException {
        Cluster c = web();
        NodeEnvironment env = NodeEnvironment.of(c, "worker-1");
        var rs = IptablesParser.parseDump(dump(), "dump").ruleset();
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().kubeProxyVersion(new KubeProxyVersion(1, 29))
                .clusterCidrs(List.of(Cidr.parse("10.244.0.0/16"))).build();
        NodeSubject s = new NodeSubject("dump", "iptables", "worker-1", Optional.of(NetfilterSimulator.of(rs, env)), env,
                RuleInventory.ofIptablesDump(List.of(rs)), Optional.of(new ProxyInput(c, cfg, "worker-1")), Optional.empty());
        DoctorReport r = Doctor.run(s, Optional.empty());
        assertThat(r.findings()).filteredOn(f -> f.kind() == FindingKind.STALE_ENDPOINT_CHAIN).extracting(Finding::message)
                .containsExactly("KUBE-SEP-F7BHZ7WL3PFYMSRY is default/web:http's chain for 10.244.1.6:8080, which is not an endpoint it uses now");
        assertThat(r.findings()).filteredOn(f -> f.kind() == FindingKind.UNTRACEABLE_CHAIN).extracting(Finding::subject)
                .contains("KUBE-SVC-NPX46M4PTMTKRN6Y", "KUBE-SVC-TCOU7JCQXEZGVUNU", "KUBE-SEP-6E7XQMQ4RAYOWTTM").hasSize(11);
        assertThat(r.findings()).filteredOn(f -> f.subject().equals("KUBE-SVC-NPX46M4PTMTKRN6Y")).extracting(Finding::message)
                .containsExactly("KUBE-SVC-NPX46M4PTMTKRN6Y hashes from no service port of the input (its comment says \"default/kubernetes:https cluster IP\")");
        DoctorStep rules = r.services().get(0).steps().get(3);
        assertThat(rules.details()).extracting(DoctorStep.Detail::text).contains(
                "nat KUBE-SVC-CDGGSHYLG3RE2FKL: jumps to 3 endpoint chains, not the expected ones; missing KUBE-SEP-AWFNTVUNTOD2SN3M; unexpected KUBE-SEP-F7BHZ7WL3PFYMSRY",
                "nat KUBE-SEP-AWFNTVUNTOD2SN3M: missing (endpoint 10.244.2.8:8080)");
        assertThat(r.passed()).isFalse();
    }
}
