package dev.kpsim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.config.ConntrackSettings;
import dev.kpsim.core.config.DetectLocalMode;
import dev.kpsim.core.config.IpvsSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.scenarios.compact.ScenarioWriter;
import dev.kpsim.scenarios.compact.ScenarioWriter.Metadata;
import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import dev.kpsim.scenarios.synthetic.TypeMix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ScenarioWriter}: a written scenario loads back to the same model (locations aside), and writing that
 * model again gives the same bytes.
 */
class ScenarioWriterTest {

    /** What the writer produced and what loading it gave. */
    private record RoundTrip(String text, List<String> notes, LoadedInput loaded) {
    }

    private static String write(Cluster c, ProxyConfig config, String node, List<String> notes) {
        StringWriter out = new StringWriter();
        try {
            notes.addAll(ScenarioWriter.write(c, config, node, Metadata.NONE, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static RoundTrip roundTrip(Cluster c, ProxyConfig config, String node) {
        List<String> notes = new ArrayList<>();
        String text = write(c, config, node, notes);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LoadedInput in = InputLoader.load(List.of("-"), LoadOptions.defaults().withStdin(() -> new ByteArrayInputStream(bytes)));
        return new RoundTrip(text, notes, in);
    }

    /** Loads back to an equal model with no diagnostic and no note, and the re-loaded model writes the same bytes. */
    private static void assertExact(Cluster c, ProxyConfig config, String node) {
        RoundTrip r = roundTrip(c, config, node);
        assertThat(r.notes()).isEmpty();
        assertThat(r.loaded().diagnostics()).extracting(d -> d.format()).isEmpty();
        assertThat(Inputs.strip(r.loaded().cluster())).isEqualTo(Inputs.strip(c));
        ProxyConfig expected = node == null ? config : config.toBuilder().hostnameOverride(node).build();
        assertThat(r.loaded().config()).isEqualTo(expected);
        assertThat(r.loaded().preferredNode()).isEqualTo(java.util.Optional.ofNullable(expected.hostnameOverride()));
        assertThat(write(r.loaded().cluster(), r.loaded().config(), null, new ArrayList<>())).isEqualTo(r.text());
    }

    static Stream<String> examples() throws IOException {
        return ExamplesTest.examples();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleRoundTrips(String path) {
        LoadedInput in = Inputs.load(path);
        assertExact(in.cluster(), in.config(), null);
    }

    @Property(tries = 40)
    void syntheticClustersRoundTrip(@ForAll @IntRange(min = 0, max = 40) int services,
                                    @ForAll @IntRange(min = 0, max = 230) int endpoints,
                                    @ForAll @IntRange(min = 0, max = 3) int podsShape,
                                    @ForAll @IntRange(min = 0, max = 100) int nodePortWeight,
                                    @ForAll @IntRange(min = 0, max = 100) int lbWeight,
                                    @ForAll @IntRange(min = 0, max = 4) int localShare,
                                    @ForAll @IntRange(min = 0, max = 4) int affinityShare,
                                    @ForAll @LongRange(min = 1, max = 1000) long seed) {
        int pods = switch (podsShape) {
            case 0 -> 0;                                   // one pod per endpoint (the default)
            case 1 -> Math.max(1, endpoints);              // fewer pods than endpoints: Services share pods
            case 2 -> Math.max(1, endpoints) + 7;
            default -> Math.max(1, endpoints / 2 + endpoints);
        };
        TypeMix mix = TypeMix.parse("ClusterIP=" + Math.max(1, 100 - nodePortWeight - lbWeight / 2) + ",NodePort=" + nodePortWeight
                + ",LoadBalancer=" + lbWeight);
        SyntheticSpec spec = SyntheticSpec.of(services, endpoints).withPods(pods).withTypeMix(mix)
                .withExternalLocalShare(localShare / 4.0).withInternalLocalShare(localShare / 8.0)
                .withAffinityShare(affinityShare / 4.0).withSeed(seed).withMode(seed % 3 == 0 ? "ipvs" : "iptables");
        SyntheticCluster c = SyntheticClusterGenerator.generate(spec);
        assertExact(c.cluster(), c.config(), c.nodeName());
    }

    @Test
    void severalSlicesPerServiceAndLocalPoliciesRoundTrip() {
        SyntheticSpec spec = SyntheticSpec.of(12, 230).withPods(300).withTypeMix(TypeMix.parse("ClusterIP=1,NodePort=1,LoadBalancer=1"))
                .withExternalLocalShare(0.5).withInternalLocalShare(0.5).withAffinityShare(0.5);
        SyntheticCluster c = SyntheticClusterGenerator.generate(spec);
        assertThat(c.cluster().slicesOf(c.cluster().services().get(0))).hasSize(3);
        assertThat(c.cluster().services()).extracting(Service::type).contains(ServiceType.NodePort, ServiceType.LoadBalancer);
        assertExact(c.cluster(), c.config(), c.nodeName());
    }

    /** Every field the model carries, with strings YAML would misread, dual stack and a fully configured kube-proxy. */
    @Test
    void everyFieldRoundTrips() {
        assertExact(everyField(), everyConfig(), "node-1");
    }

    @Test
    void writesOneObjectPerLineInFlowStyle() {
        Cluster c = new Cluster(List.of(new Node("node-1", List.of(ip("10.0.0.1")), List.of(Cidr.parse("10.244.1.0/24")), "zone-a", null)),
                List.of(new Pod("default", "web-0", Map.of("app", "web"), List.of(ip("10.244.1.5")), "node-1",
                        List.of(new ContainerPort("http", 8080, Protocol.TCP)), true, false, false, null)),
                List.of(Service.builder("default", "web").clusterIp(ip("10.96.0.20")).selector(Map.of("app", "web"))
                        .port(new ServicePort("http", Protocol.TCP, 80, PortRef.named("http"), 0)).build()),
                List.of(new EndpointSlice("default", "web-abcde", "web", IpFamily.IPV4, List.of(new EndpointPort("http", Protocol.TCP, 8080)),
                        List.of(new SliceEndpoint(List.of(ip("10.244.1.5")), true, true, false, "node-1", "zone-a", null, null,
                                "default/web-0")), null)));
        List<String> notes = new ArrayList<>();
        String text;
        StringWriter out = new StringWriter();
        try {
            notes.addAll(ScenarioWriter.write(c, ProxyConfig.defaults(), "node-1", new Metadata("web", "one: web service"), out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text = out.toString();
        assertThat(notes).isEmpty();
        assertThat(text).isEqualTo("""
                apiVersion: kpsim.dev/v1alpha1
                kind: Scenario
                metadata:
                  name: web
                  description: "one: web service"
                proxy:
                  mode: iptables
                  node: node-1
                  kubeProxyVersion: "1.35"
                nodes:
                  - {name: node-1, addresses: [10.0.0.1], podCIDR: 10.244.1.0/24, zone: zone-a}
                pods:
                  - {name: web-0, namespace: default, labels: {app: web}, ip: 10.244.1.5, node: node-1, ports: [{name: http, port: 8080}]}
                services:
                  - {name: web, namespace: default, clusterIP: 10.96.0.20, selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
                endpointSlices:
                  - {name: web-abcde, namespace: default, service: web, addressType: IPv4, ports: [{name: http, port: 8080}], endpoints: [{ip: 10.244.1.5, ready: true, serving: true, terminating: false, node: node-1, zone: zone-a, pod: web-0}]}
                """);
    }

    @Test
    void whatAScenarioCannotSayIsReported() {
        Service noIp = Service.builder("default", "no-ip").port(new ServicePort("", Protocol.TCP, 80, null, 0)).build();
        Service nodePort = Service.builder("default", "np").type(ServiceType.NodePort).clusterIp(ip("10.96.0.11"))
                .port(new ServicePort("", Protocol.TCP, 80, null, 0)).build();
        Service lb = Service.builder("default", "lb").type(ServiceType.LoadBalancer).clusterIp(ip("10.96.0.12"))
                .port(new ServicePort("", Protocol.TCP, 80, null, 30080)).externalTrafficPolicy(TrafficPolicy.Local)
                .loadBalancerIngress(new LoadBalancerIngress(null, "lb.example.com", null))
                .loadBalancerIngress(new LoadBalancerIngress(ip("203.0.113.9"), null, "Proxy")).build();
        Service selected = Service.builder("default", "sel").clusterIp(ip("10.96.0.13")).selector(Map.of("app", "a"))
                .port(new ServicePort("", Protocol.TCP, 80, null, 0)).build();
        Service empty = Service.builder("default", "empty").clusterIp(ip("10.96.0.14")).selector(Map.of())
                .port(new ServicePort("", Protocol.TCP, 80, null, 0)).build();
        Pod a = new Pod("default", "a", Map.of("app", "a"), List.of(ip("10.244.0.5")), null, List.of(), true, false, false, null);
        Cluster c = new Cluster(List.of(), List.of(a), List.of(noIp, nodePort, lb, selected, empty), List.of());
        RoundTrip r = roundTrip(c, ProxyConfig.defaults(), "Node-1");
        assertThat(r.notes()).containsExactly(
                "node 'Node-1' reads back as 'node-1' (proxy.node is trimmed and lower-cased)",
                "Service default/no-ip: it has no ClusterIP; loading the scenario allocates one",
                "Service default/np: port 80 has no nodePort; loading the scenario allocates one",
                "Service default/lb: load-balancer ingress hostname 'lb.example.com' left out (kube-proxy ignores it)",
                "Service default/lb: load-balancer ingress 203.0.113.9 with ipMode Proxy left out (kube-proxy does not program it)",
                "Service default/lb: it has no healthCheckNodePort; loading the scenario allocates one",
                "Service default/sel: selector left out (the Service has no EndpointSlice, and loading the scenario would derive "
                        + "slices from the pods it selects)",
                "Service default/empty: its empty selector reads back as no selector");
        Cluster back = r.loaded().cluster();
        assertThat(back.endpointSlices()).as("nothing derived for the selector-less Service").isEmpty();
        assertThat(back.service("default", "no-ip").orElseThrow().clusterIps()).isNotEmpty();
        assertThat(back.service("default", "lb").orElseThrow().loadBalancerIngress()).isEmpty();
    }

    @Test
    void sameModelSameBytes() {
        SyntheticCluster c = SyntheticClusterGenerator.generate(SyntheticSpec.of(30, 4).withTypeMix(TypeMix.parse("ClusterIP=1,LoadBalancer=1")));
        String first = write(c.cluster(), c.config(), c.nodeName(), new ArrayList<>());
        String second = write(c.cluster(), c.config(), c.nodeName(), new ArrayList<>());
        assertThat(second).isEqualTo(first);
        assertThat(first.lines().filter(l -> l.contains("clusterIP:")).count()).isEqualTo(30);
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static Cluster everyField() {
        List<Node> nodes = List.of(
                new Node("node-1", List.of(ip("10.240.0.3"), ip("fd00:10:240::3"), ip("10.250.0.3")),
                        List.of(Cidr.parse("10.244.1.0/24"), Cidr.parse("fd00:10:244:1::/64")), "zone-a", null),
                new Node("node-2", List.of(), List.of(), "", null),
                new Node("yes", List.of(ip("10.240.0.5")), List.of(), null, null));
        List<Pod> pods = List.of(
                new Pod("default", "api-0", Map.of("app", "api", "app.kubernetes.io/version", "1.30", "flag", "true", "empty", ""),
                        List.of(ip("10.244.1.30"), ip("fd00:10:244:1::30")), "node-1",
                        List.of(new ContainerPort("http", 8080, Protocol.TCP), new ContainerPort("dns", 53, Protocol.UDP),
                                new ContainerPort("", 9999, Protocol.SCTP)), true, false, false, null),
                new Pod("default", "api-1", Map.of("app", "api"), List.of(ip("10.244.1.31")), "node-1", List.of(), false, true, false, null),
                new Pod("kube-system", "host-agent", Map.of(), List.of(ip("10.240.0.3")), "node-1", List.of(), true, false, true, null),
                new Pod("null", "0123", Map.of("on", "off"), List.of(), null, List.of(), true, false, false, null),
                new Pod("default", "pending", Map.of(), List.of(), "", List.of(), false, false, false, null));
        Service dual = Service.builder("default", "api").clusterIp(ip("10.96.0.80")).clusterIp(ip("fd00:10:96::80"))
                .selector(Map.of("app", "api"))
                .port(new ServicePort("http", Protocol.TCP, 80, PortRef.named("http"), 0))
                .port(new ServicePort("dns", Protocol.UDP, 53, PortRef.of(5353), 0))
                .port(new ServicePort("sctp", Protocol.SCTP, 9999, null, 0))
                .internalTrafficPolicy(TrafficPolicy.Local).sessionAffinity(SessionAffinity.ClientIP, 600).build();
        Service headless = Service.builder("default", "api-headless").headless(true).selector(Map.of("app", "api"))
                .port(new ServicePort("", Protocol.TCP, 80, null, 0)).build();
        Service external = Service.builder("default", "db").type(ServiceType.ExternalName).externalName("db.example.com")
                .port(new ServicePort("", Protocol.TCP, 5432, null, 0)).build();
        Service nodePort = Service.builder("team-a", "np").type(ServiceType.NodePort).clusterIp(ip("10.96.0.81"))
                .port(new ServicePort("a", Protocol.TCP, 53, PortRef.of(5353), 30053))
                .port(new ServicePort("b", Protocol.UDP, 53, PortRef.of(5353), 30053))
                .externalIp(ip("10.250.0.20")).externalIp(ip("fd00:10:250::20"))
                .externalTrafficPolicy(TrafficPolicy.Local).sessionAffinity(SessionAffinity.None, 77).build();
        Service lb = Service.builder("team-a", "shop").type(ServiceType.LoadBalancer).clusterIp(ip("10.96.100.50"))
                .port(new ServicePort("https", Protocol.TCP, 443, PortRef.of(8443), 30443))
                .loadBalancerIngress(new LoadBalancerIngress(ip("203.0.113.10"), null, "VIP"))
                .loadBalancerIngress(new LoadBalancerIngress(ip("2001:db8::10"), null, "VIP"))
                .loadBalancerSourceRange("198.51.100.0/24").loadBalancerSourceRange(" 192.0.2.0/28")
                .externalTrafficPolicy(TrafficPolicy.Local).healthCheckNodePort(32000).build();
        Service lbNoNodePorts = Service.builder("team-a", "internal-lb").type(ServiceType.LoadBalancer).clusterIp(ip("10.96.100.51"))
                .port(new ServicePort("a", Protocol.TCP, 80, null, 0)).port(new ServicePort("b", Protocol.TCP, 81, null, 31081))
                .loadBalancerIngress(new LoadBalancerIngress(ip("203.0.113.11"), null, "VIP")).build();
        Service manual = Service.builder("default", "legacy-db").clusterIp(ip("10.96.0.82"))
                .port(new ServicePort("postgres", Protocol.TCP, 5432, null, 0)).build();
        Service noPorts = Service.builder("default", "true").clusterIp(ip("10.96.0.83")).build();
        List<EndpointSlice> slices = List.of(
                new EndpointSlice("default", "api-v4", "api", IpFamily.IPV4,
                        List.of(new EndpointPort("http", Protocol.TCP, 8080), new EndpointPort("dns", Protocol.UDP, 5353),
                                new EndpointPort("sctp", Protocol.SCTP, 9999)),
                        List.of(new SliceEndpoint(List.of(ip("10.244.1.30")), true, true, false, "node-1", "zone-a",
                                        List.of("zone-a", "zone-b"), List.of("node-1"), "default/api-0"),
                                new SliceEndpoint(List.of(ip("10.244.1.31")), false, false, true, "node-1", null, null, null, "default/api-1"),
                                new SliceEndpoint(List.of(ip("10.244.9.9"), ip("10.244.9.10")), null, null, null, null, null, null, null,
                                        "other-ns/remote"),
                                new SliceEndpoint(List.of(), null, true, null, "", "", null, null, null)), null),
                new EndpointSlice("default", "api-v6", "api", IpFamily.IPV6, List.of(new EndpointPort("", Protocol.TCP, 8080)),
                        List.of(new SliceEndpoint(List.of(ip("fd00:10:244:1::30")), true, null, null, "node-1", null, null, null,
                                "default/api-0")), null),
                new EndpointSlice("default", "legacy-db-manual", "legacy-db", IpFamily.IPV4, List.of(), List.of(), null),
                new EndpointSlice("team-a", "shop-1", "shop", IpFamily.IPV4, List.of(new EndpointPort("https", Protocol.TCP, 8443)),
                        List.of(new SliceEndpoint(List.of(ip("10.244.1.30")), true, true, false, "node-1", "zone-a", null, null,
                                "default/api-0")), null),
                new EndpointSlice("default", "api-headless-1", "api-headless", IpFamily.IPV4, List.of(new EndpointPort("", Protocol.TCP, 80)),
                        List.of(new SliceEndpoint(List.of(ip("10.244.1.30")), true, true, false, "node-1", "zone-a", null, null,
                                "default/api-0")), null));
        return new Cluster(nodes, pods, List.of(dual, headless, external, nodePort, lb, lbNoNodePorts, manual, noPorts), slices);
    }

    private static ProxyConfig everyConfig() {
        return ProxyConfig.defaults().toBuilder().mode("ipvs").kubeProxyVersion(new KubeProxyVersion(1, 30))
                .clusterCidrs(List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00:10:244::/56")))
                .detectLocalMode(DetectLocalMode.InterfaceNamePrefix).bridgeInterface("cni0").interfaceNamePrefix("veth")
                .masqueradeBit(0).masqueradeAll(true).localhostNodePorts(false).nodePortAddresses(List.of("primary", "10.240.0.0/16"))
                .ipvs(new IpvsSettings("wrr", true, List.of("10.250.0.0/16"), 900, 120, 300))
                .conntrack(new ConntrackSettings(true, 3600, 60, 30, 300))
                .proxyPortRange("30000-40000").userspaceProxyPort("default/api:http", 48577).userspaceProxyPort("default/legacy-db", 48578)
                .build();
    }
}
