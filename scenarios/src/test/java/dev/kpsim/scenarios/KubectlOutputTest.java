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
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loading real {@code kubectl get -o yaml|json} output: List wrappers, multi-document files, status noise. */
class KubectlOutputTest {
    private static final String DIR = "src/test/resources/kubectl/";
    private static LoadedInput in;
    private static Cluster c;

    @BeforeAll
    static void load() {
        in = Inputs.load(DIR + "services.yaml", DIR + "endpointslices.yaml", DIR + "endpoints.yaml", DIR + "pods-and-nodes.json");
        c = in.cluster();
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static Service svc(String ns, String name) {
        return c.service(ns, name).orElseThrow();
    }

    private static EndpointSlice slice(String name) {
        return c.endpointSlices().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void servicesOfAListAreReadInOrder() {
        assertThat(c.services()).extracting(Service::key).containsExactly("default/kubernetes", "kube-system/kube-dns",
                "default/web", "default/lb", "default/headless", "default/ext", "default/nolbports");
        Service k = svc("default", "kubernetes");
        assertThat(k.type()).isEqualTo(ServiceType.ClusterIP);
        assertThat(k.clusterIps()).containsExactly(ip("10.96.0.1"));
        assertThat(k.ports()).containsExactly(new ServicePort("https", Protocol.TCP, 443, PortRef.of(6443), 0));
        assertThat(k.selector()).isNull();
        assertThat(k.location().toString()).isEqualTo(DIR + "services.yaml:3:3");
        assertThat(svc("kube-system", "kube-dns").ports()).extracting(ServicePort::name, ServicePort::protocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dns", Protocol.UDP), org.assertj.core.groups.Tuple.tuple("dns-tcp", Protocol.TCP),
                        org.assertj.core.groups.Tuple.tuple("metrics", Protocol.TCP));
    }

    @Test
    void nodePortServiceWithNamedTargetPort() {
        Service web = svc("default", "web");
        assertThat(web.type()).isEqualTo(ServiceType.NodePort);
        assertThat(web.externalTrafficPolicy()).isEqualTo(TrafficPolicy.Local);
        assertThat(web.ports()).containsExactly(new ServicePort("http", Protocol.TCP, 80, PortRef.named("http"), 31080));
    }

    @Test
    void loadBalancerKeepsEverythingKubeProxyReads() {
        Service lb = svc("default", "lb");
        assertThat(lb.type()).isEqualTo(ServiceType.LoadBalancer);
        assertThat(lb.clusterIps()).containsExactly(ip("10.96.44.5"), ip("fd00:10:96::5b"));
        assertThat(lb.externalIps()).containsExactly(ip("10.250.0.9"));
        assertThat(lb.loadBalancerIngress()).containsExactly(new LoadBalancerIngress(ip("203.0.113.7"), null, "VIP"),
                new LoadBalancerIngress(null, "a1b2c3.elb.us-east-1.amazonaws.com", null),
                new LoadBalancerIngress(ip("203.0.113.8"), null, "Proxy"));
        assertThat(lb.loadBalancerIngress()).filteredOn(LoadBalancerIngress::isProgrammedVip).hasSize(1);
        assertThat(lb.loadBalancerSourceRanges()).containsExactly("198.51.100.0/24", " 192.0.2.0/25 ");
        assertThat(lb.sessionAffinity()).isEqualTo(SessionAffinity.ClientIP);
        assertThat(lb.affinityTimeoutSeconds()).isEqualTo(300);
        assertThat(lb.healthCheckNodePort()).isEqualTo(32100);
        assertThat(lb.ports().get(0).nodePort()).isEqualTo(30443);
    }

    @Test
    void headlessExternalNameAndLoadBalancerWithoutNodePortsAreTakenLiterally() {
        Service headless = svc("default", "headless");
        assertThat(headless.headless()).isTrue();
        assertThat(headless.clusterIps()).isEmpty();
        assertThat(headless.skippedByProxy()).isTrue();
        Service ext = svc("default", "ext");
        assertThat(ext.type()).isEqualTo(ServiceType.ExternalName);
        assertThat(ext.externalName()).isEqualTo("db.example.com");
        assertThat(ext.ports()).isEmpty();
        Service nolb = svc("default", "nolbports");
        assertThat(nolb.ports()).containsExactly(new ServicePort("", Protocol.TCP, 80, PortRef.of(8080), 0));
        assertThat(nolb.loadBalancerIngress()).containsExactly(new LoadBalancerIngress(ip("203.0.113.9"), null, null));
    }

    @Test
    void endpointSlicesKeepConditionsHintsAndZones() {
        EndpointSlice dns = slice("kube-dns-8fwzd");
        assertThat(dns.serviceKey()).isEqualTo("kube-system/kube-dns");
        assertThat(dns.addressType()).isEqualTo(IpFamily.IPV4);
        assertThat(dns.ports()).containsExactly(new EndpointPort("dns-tcp", Protocol.TCP, 53), new EndpointPort("dns", Protocol.UDP, 53),
                new EndpointPort("metrics", Protocol.TCP, 9153));
        assertThat(dns.endpoints().get(0)).isEqualTo(new SliceEndpoint(List.of(ip("10.244.1.4")), true, true, false, "node-a", "zone-a",
                List.of("zone-a"), List.of(), "kube-system/coredns-7db6d8ff4d-4l7gq"));
        assertThat(dns.location().toString()).isEqualTo(DIR + "endpointslices.yaml:1:1");
    }

    @Test
    void endpointWithoutConditionsStaysUnsetAndReadsAsReady() {
        SliceEndpoint plain = slice("web-abcde").endpoints().get(0);
        assertThat(plain.ready()).isNull();
        assertThat(plain.serving()).isNull();
        assertThat(plain.terminating()).isNull();
        assertThat(plain.isReady()).isTrue();
        assertThat(plain.isServing()).isTrue();
        assertThat(plain.isTerminating()).isFalse();
        SliceEndpoint terminating = slice("web-abcde").endpoints().get(1);
        assertThat(terminating.isReady()).isFalse();
        assertThat(terminating.isServing()).isTrue();
        assertThat(terminating.isTerminating()).isTrue();
        assertThat(slice("lb-v6xyz").addressType()).isEqualTo(IpFamily.IPV6);
        assertThat(slice("lb-v6xyz").endpoints().get(0).serving()).isNull();
    }

    @Test
    void legacyEndpointsBecomeSlicesOnlyWhereNoSliceExists() {
        EndpointSlice k = slice("kubernetes-mirror-0");
        assertThat(k.serviceKey()).isEqualTo("default/kubernetes");
        assertThat(k.ports()).containsExactly(new EndpointPort("https", Protocol.TCP, 6443));
        assertThat(k.endpoints()).containsExactly(new SliceEndpoint(List.of(ip("172.18.0.2")), true, null, null, null, null, List.of(), List.of(), null));
        EndpointSlice manual = slice("manual-mirror-0");
        assertThat(manual.ports()).containsExactly(new EndpointPort("", Protocol.TCP, 5432));
        assertThat(manual.endpoints()).extracting(SliceEndpoint::ready, SliceEndpoint::nodeName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, "node-a"), org.assertj.core.groups.Tuple.tuple(false, null));
        assertThat(c.endpointSlices()).extracting(EndpointSlice::name).doesNotContain("kube-dns-mirror-0");
    }

    @Test
    void podsFromJson() {
        Pod web = c.pods().get(0);
        assertThat(web.key()).isEqualTo("default/web-5d9c7b-aaaaa");
        assertThat(web.ips()).containsExactly(ip("10.244.1.20"), ip("fd00:10:244:1::20"));
        assertThat(web.containerPorts()).containsExactly(new ContainerPort("http", 8080, Protocol.TCP), new ContainerPort("stats", 15090, Protocol.TCP));
        assertThat(web.ready()).isTrue();
        assertThat(web.terminating()).isFalse();
        assertThat(web.nodeName()).isEqualTo("node-a");
        assertThat(web.location().toString()).isEqualTo(DIR + "pods-and-nodes.json:4:9");
        Pod leaving = c.pods().get(1);
        assertThat(leaving.terminating()).isTrue();
        assertThat(leaving.ready()).isFalse();
        assertThat(leaving.ips()).containsExactly(ip("10.244.2.21"));
        assertThat(c.pods().get(2).hostNetwork()).isTrue();
    }

    @Test
    void nodesHaveTheirInternalAndExternalAddressesInOrder() {
        Node a = c.node("node-a").orElseThrow();
        assertThat(a.addresses()).containsExactly(ip("10.240.0.10"), ip("34.1.2.3"), ip("fd00:10:240::10"));
        assertThat(a.podCidrs()).containsExactly(Cidr.parse("10.244.1.0/24"), Cidr.parse("fd00:10:244:1::/64"));
        assertThat(a.zone()).isEqualTo("zone-a");
        assertThat(c.node("node-b").orElseThrow().podCidrs()).containsExactly(Cidr.parse("10.244.2.0/24"));
    }

    @Test
    void nothingIsAllocatedOrDerivedForKubernetesObjects() {
        assertThat(c.endpointSlices()).extracting(EndpointSlice::name)
                .containsExactly("kube-dns-8fwzd", "web-abcde", "lb-v6xyz", "kubernetes-mirror-0", "manual-mirror-0");
        assertThat(in.config()).isEqualTo(dev.kpsim.core.config.ProxyConfig.defaults());
        assertThat(in.preferredNode()).isEmpty();
    }

    @Test
    void warningsAndNotesInReadingOrder() {
        assertThat(Inputs.warnings(in)).containsExactly(
                DIR + "endpointslices.yaml:99:1: warning: skipped apps/v1 Deployment default/web: kpsim does not read this kind",
                DIR + "endpoints.yaml:16:1: note: Endpoints kube-system/kube-dns ignored: EndpointSlices for that Service were given (kube-proxy reads only EndpointSlices)",
                DIR + "services.yaml:57:3: warning: Service kube-system/kube-dns: selector k8s-app=kube-dns matches no pod",
                DIR + "services.yaml:126:3: warning: Service default/lb: selector app=lb matches no pod",
                DIR + "services.yaml:175:3: warning: Service default/headless: selector app=db matches no pod",
                DIR + "endpoints.yaml:37:1: warning: EndpointSlice default/manual-mirror-0 belongs to unknown Service default/manual (its kubernetes.io/service-name label)");
    }

    @Test
    void standardInputIsNamedStdin() {
        String yaml = "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nstatus:\n  addresses:\n  - {address: 10.0.0.300, type: InternalIP}\n";
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(dev.kpsim.core.diag.BadInputException.class, () -> InputLoader.load(List.of("-"),
                LoadOptions.defaults().withStdin(() -> new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        assertThat(e.getMessage()).isEqualTo("<stdin>:7:15: status.addresses[0].address: '10.0.0.300' is not an IP address");
    }
}
