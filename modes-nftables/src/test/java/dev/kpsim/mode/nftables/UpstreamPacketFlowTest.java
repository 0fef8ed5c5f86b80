package dev.kpsim.mode.nftables;

import static dev.kpsim.mode.nftables.TestClusters.ep;
import static dev.kpsim.mode.nftables.TestClusters.epPort;
import static dev.kpsim.mode.nftables.TestClusters.ip;
import static dev.kpsim.mode.nftables.TestClusters.lb;
import static dev.kpsim.mode.nftables.TestClusters.port;
import static dev.kpsim.mode.nftables.TestClusters.svc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.mode.nftables.gen.NftFlavour;
import dev.kpsim.mode.nftables.model.NftRuleset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Packet-flow expectations transcribed from upstream {@code proxier_test.go} ({@code runPacketFlowTests} in
 * TestNoEndpointsReject, TestClusterIPGeneral, TestLoadBalancer, TestExternalTrafficPolicyLocal), checked with the
 * kpsim interpreter on kpsim's generated table in every flavour. Expected output: the endpoints reached, in endpoint
 * order; {@code DROP}/{@code REJECT}; or empty when the packet is delivered to the node untranslated. Packets from a
 * node address enter at OUTPUT, others at PREROUTING.
 */
class UpstreamPacketFlowTest {

    record Flow(String name, String scenario, Protocol protocol, String source, String dest, int port, String output,
                boolean masq) {
    }

    static Cluster noEndpoints() {
        return UpstreamScenarios.base()
                .service(svc("ns1", "svc1", "172.30.0.41").type(ServiceType.LoadBalancer).externalIp(ip("192.168.99.11"))
                        .port(port("p80", Protocol.TCP, 80, 3001)).loadBalancerIngress(lb("1.2.3.4")).build())
                .build();
    }

    static Cluster clusterIpGeneral() {
        return UpstreamScenarios.base()
                .service(svc("ns1", "svc1", "172.30.0.41").port(port("http", Protocol.TCP, 80, 0)).build())
                .service(svc("ns2", "svc2", "172.30.0.42").port(port("http", Protocol.TCP, 80, 0))
                        .port(port("https", Protocol.TCP, 443, 8443, 0)).port(port("dns-udp", Protocol.UDP, 53, 0))
                        .port(port("dns-tcp", Protocol.TCP, 53, 5353, 0)).port(port("dns-sctp", Protocol.SCTP, 53, 0))
                        .build())
                .slice("ns1", "svc1", List.of(epPort("http", Protocol.TCP, 80)), List.of(ep("10.180.0.1", "test-node")))
                .slice("ns2", "svc2", List.of(epPort("http", Protocol.TCP, 80), epPort("https", Protocol.TCP, 8443),
                        epPort("dns-udp", Protocol.UDP, 53), epPort("dns-tcp", Protocol.TCP, 5353),
                        epPort("dns-sctp", Protocol.SCTP, 53)),
                        List.of(ep("10.180.0.1", "test-node"), ep("10.180.2.1", "node2")))
                .build();
    }

    static Cluster loadBalancer() {
        return UpstreamScenarios.base()
                .service(svc("ns1", "svc1", "172.30.0.41").type(ServiceType.LoadBalancer)
                        .port(port("p80", Protocol.TCP, 80, 3001)).loadBalancerIngress(lb("1.2.3.4"))
                        .loadBalancerIngress(lb("5.6.7.8")).loadBalancerSourceRange("192.168.0.0/24")
                        .loadBalancerSourceRange(" 203.0.113.0/25").build())
                .slice("ns1", "svc1", List.of(epPort("p80", Protocol.TCP, 80)), List.of(ep("10.180.0.1", null)))
                .build();
    }

    static Cluster externalLocal() {
        return UpstreamScenarios.base()
                .service(svc("ns1", "svc1", "172.30.0.41").type(ServiceType.LoadBalancer)
                        .externalTrafficPolicy(TrafficPolicy.Local).externalIp(ip("192.168.99.11"))
                        .port(port("p80", Protocol.TCP, 80, 80, 3001)).healthCheckNodePort(30000)
                        .loadBalancerIngress(lb("1.2.3.4")).build())
                .slice("ns1", "svc1", List.of(epPort("p80", Protocol.TCP, 80)),
                        List.of(ep("10.180.0.1", null), ep("10.180.2.1", "test-node")))
                .build();
    }

    static Cluster scenario(String name) {
        return switch (name) {
            case "noEndpoints" -> noEndpoints();
            case "clusterIpGeneral" -> clusterIpGeneral();
            case "loadBalancer" -> loadBalancer();
            default -> externalLocal();
        };
    }

    static final String EXT = "203.0.113.2";
    static final String BLOCKED = "203.0.113.130";
    static final String NODE_IP = "192.168.0.2";

    static List<Flow> flows() {
        Protocol tcp = Protocol.TCP;
        return List.of(
                new Flow("pod to cluster IP with no endpoints", "noEndpoints", tcp, "10.0.0.2", "172.30.0.41", 80, "REJECT", false),
                new Flow("external to external IP with no endpoints", "noEndpoints", tcp, EXT, "192.168.99.11", 80, "REJECT", false),
                new Flow("pod to NodePort with no endpoints", "noEndpoints", tcp, "10.0.0.2", NODE_IP, 3001, "REJECT", false),
                new Flow("external to NodePort with no endpoints", "noEndpoints", tcp, EXT, NODE_IP, 3001, "REJECT", false),
                new Flow("pod to LoadBalancer IP with no endpoints", "noEndpoints", tcp, "10.0.0.2", "1.2.3.4", 80, "REJECT", false),
                new Flow("external to LoadBalancer IP with no endpoints", "noEndpoints", tcp, EXT, "1.2.3.4", 80, "REJECT", false),
                new Flow("simple clusterIP", "clusterIpGeneral", tcp, "10.180.0.2", "172.30.0.41", 80, "10.180.0.1:80", false),
                new Flow("hairpin to cluster IP", "clusterIpGeneral", tcp, "10.180.0.1", "172.30.0.41", 80, "10.180.0.1:80", true),
                new Flow("clusterIP with multiple endpoints", "clusterIpGeneral", tcp, "10.180.0.2", "172.30.0.42", 80, "10.180.0.1:80, 10.180.2.1:80", false),
                new Flow("clusterIP with TargetPort", "clusterIpGeneral", tcp, "10.180.0.2", "172.30.0.42", 443, "10.180.0.1:8443, 10.180.2.1:8443", false),
                new Flow("clusterIP with TCP on a shared port", "clusterIpGeneral", tcp, "10.180.0.2", "172.30.0.42", 53, "10.180.0.1:5353, 10.180.2.1:5353", false),
                new Flow("clusterIP with UDP on a shared port", "clusterIpGeneral", Protocol.UDP, "10.180.0.2", "172.30.0.42", 53, "10.180.0.1:53, 10.180.2.1:53", false),
                new Flow("clusterIP with SCTP on a shared port", "clusterIpGeneral", Protocol.SCTP, "10.180.0.2", "172.30.0.42", 53, "10.180.0.1:53, 10.180.2.1:53", false),
                new Flow("TCP-only port does not match UDP traffic", "clusterIpGeneral", Protocol.UDP, "10.180.0.2", "172.30.0.42", 80, "REJECT", false),
                new Flow("svc1 does not accept svc2's ports", "clusterIpGeneral", tcp, "10.180.0.2", "172.30.0.41", 443, "REJECT", false),
                new Flow("packet to unallocated cluster ip", "clusterIpGeneral", tcp, "10.180.0.2", "172.30.0.50", 80, "DROP", false),
                new Flow("pod to cluster IP", "loadBalancer", tcp, "10.0.0.2", "172.30.0.41", 80, "10.180.0.1:80", false),
                new Flow("external to nodePort", "loadBalancer", tcp, EXT, NODE_IP, 3001, "10.180.0.1:80", true),
                new Flow("nodePort bypasses LoadBalancerSourceRanges", "loadBalancer", tcp, BLOCKED, NODE_IP, 3001, "10.180.0.1:80", true),
                new Flow("accepted external to LB1", "loadBalancer", tcp, EXT, "1.2.3.4", 80, "10.180.0.1:80", true),
                new Flow("accepted external to LB2", "loadBalancer", tcp, EXT, "5.6.7.8", 80, "10.180.0.1:80", true),
                new Flow("blocked external to LB1", "loadBalancer", tcp, BLOCKED, "1.2.3.4", 80, "DROP", false),
                new Flow("blocked external to LB2", "loadBalancer", tcp, BLOCKED, "5.6.7.8", 80, "DROP", false),
                new Flow("pod to LB1 (blocked by LoadBalancerSourceRanges)", "loadBalancer", tcp, "10.0.0.2", "1.2.3.4", 80, "DROP", false),
                new Flow("pod to LB2 (blocked by LoadBalancerSourceRanges)", "loadBalancer", tcp, "10.0.0.2", "5.6.7.8", 80, "DROP", false),
                new Flow("node to LB1 (allowed by LoadBalancerSourceRanges)", "loadBalancer", tcp, NODE_IP, "1.2.3.4", 80, "10.180.0.1:80", true),
                new Flow("node to LB2 (allowed by LoadBalancerSourceRanges)", "loadBalancer", tcp, NODE_IP, "5.6.7.8", 80, "10.180.0.1:80", true),
                new Flow("same node to LB1, SNATted to LB1 (implicitly allowed)", "loadBalancer", tcp, "1.2.3.4", "1.2.3.4", 80, "10.180.0.1:80", true),
                new Flow("same node to LB2, SNATted to LB2 (implicitly allowed)", "loadBalancer", tcp, "5.6.7.8", "5.6.7.8", 80, "10.180.0.1:80", true),
                new Flow("secondary nodeIP ignores NodePorts", "loadBalancer", tcp, EXT, "192.168.1.2", 3001, "", false),
                new Flow("pod to cluster IP hits both endpoints, unmasqueraded", "externalLocal", tcp, "10.0.0.2", "172.30.0.41", 80, "10.180.0.1:80, 10.180.2.1:80", false),
                new Flow("pod to external IP hits both endpoints, unmasqueraded", "externalLocal", tcp, "10.0.0.2", "192.168.99.11", 80, "10.180.0.1:80, 10.180.2.1:80", false),
                new Flow("external to external IP hits only local endpoint, unmasqueraded", "externalLocal", tcp, EXT, "192.168.99.11", 80, "10.180.2.1:80", false),
                new Flow("pod to LB IP hits both endpoints, unmasqueraded", "externalLocal", tcp, "10.0.0.2", "1.2.3.4", 80, "10.180.0.1:80, 10.180.2.1:80", false),
                new Flow("external to LB IP hits only local endpoint, unmasqueraded", "externalLocal", tcp, EXT, "1.2.3.4", 80, "10.180.2.1:80", false),
                new Flow("pod to NodePort hits both endpoints, unmasqueraded", "externalLocal", tcp, "10.0.0.2", NODE_IP, 3001, "10.180.0.1:80, 10.180.2.1:80", false),
                new Flow("external to NodePort hits only local endpoint, unmasqueraded", "externalLocal", tcp, EXT, NODE_IP, 3001, "10.180.2.1:80", false));
    }

    static Stream<Arguments> cases() {
        return Stream.of(NftFlavour.values()).flatMap(f -> flows().stream().map(fl -> Arguments.of(f, fl)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void flowMatchesUpstream(NftFlavour flavour, Flow flow) {
        Cluster c = scenario(flow.scenario());
        NftRuleset rs = new NftRuleset(List.of(UpstreamScenarios.generate(c, flavour, new KubeProxyVersion(1, 34))));
        NodeEnvironment env = NodeEnvironment.of(c, UpstreamScenarios.NODE);
        Simulator sim = new NftablesDataPlane(rs, List.of()).simulator(env).orElseThrow();
        Packet p = Packet.of(flow.protocol(), new HostPort(ip(flow.source()), 40000), new HostPort(ip(flow.dest()),
                flow.port()));
        EntryPoint entry = env.isLocalAddress(p.source()) ? EntryPoint.OUTPUT : EntryPoint.PREROUTING;
        List<Outcome> out = sim.outcomes(p, entry, new SimulationState(7));
        assertThat(out).allSatisfy(o -> assertThat(o.uncertain()).isFalse());
        assertThat(out.stream().mapToDouble(Outcome::probability).sum()).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-12));
        switch (flow.output()) {
            case "DROP", "REJECT" -> assertThat(out).singleElement().extracting(Outcome::verdict)
                    .isEqualTo(Verdict.valueOf(flow.output()));
            case "" -> assertThat(out).singleElement().satisfies(o -> {
                assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
                assertThat(o.destination()).isEqualTo(p.destinationHostPort());
            });
            default -> {
                assertThat(out).allSatisfy(o -> {
                    assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
                    assertThat(o.masquerade()).as("masquerade").isEqualTo(flow.masq());
                });
                assertThat(out.stream().map(o -> o.destination().toString()).collect(Collectors.joining(", ")))
                        .isEqualTo(flow.output());
            }
        }
    }
}
