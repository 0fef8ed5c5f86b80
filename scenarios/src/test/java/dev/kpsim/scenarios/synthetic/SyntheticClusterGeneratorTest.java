package dev.kpsim.scenarios.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticClusterGeneratorTest {

    @Test
    void clusterIpServicesWithTheirEndpointsOnDistinctPods() {
        SyntheticCluster c = SyntheticClusterGenerator.generate(SyntheticSpec.of(250, 3));
        Cluster cl = c.cluster();
        assertThat(cl.services()).hasSize(250).allMatch(s -> s.type() == ServiceType.ClusterIP);
        assertThat(cl.pods()).hasSize(750);
        assertThat(cl.nodes()).hasSize(25);
        Service first = cl.services().get(0);
        assertThat(first.key()).isEqualTo("ns-000/svc-00000");
        assertThat(first.clusterIps()).containsExactly(IpAddress.parse("10.96.0.10"));
        assertThat(cl.services().get(249).key()).isEqualTo("ns-002/svc-00249");
        assertThat(cl.services().get(249).clusterIps()).containsExactly(IpAddress.parse("10.96.1.3"));
        EndpointSlice slice = cl.slicesOf(first).get(0);
        assertThat(slice.endpoints()).extracting(SliceEndpoint::targetPod)
                .containsExactly("ns-000/pod-000000", "ns-000/pod-000001", "ns-000/pod-000002");
        assertThat(slice.endpoints()).extracting(SliceEndpoint::nodeName).containsExactly("node-0000", "node-0001", "node-0002");
        assertThat(slice.endpoints()).extracting(e -> e.addresses().get(0).toString())
                .containsExactly("10.128.0.2", "10.128.1.2", "10.128.2.2");
        Set<IpAddress> ips = new HashSet<>();
        cl.pods().forEach(p -> ips.addAll(p.ips()));
        assertThat(ips).as("pod addresses are unique").hasSize(750);
        for (Pod p : cl.pods()) {
            Node n = cl.node(p.nodeName()).orElseThrow();
            assertThat(n.podCidrs().get(0).contains(p.ips().get(0))).as(p.key() + " inside its node's pod CIDR").isTrue();
        }
        assertThat(c.nodeName()).isEqualTo("node-0000");
        assertThat(c.config().hostnameOverride()).isEqualTo("node-0000");
        assertThat(c.config().clusterCidrs()).containsExactly(Cidr.parse("10.128.0.0/9"));
        assertThat(c.config().nodePortAddresses()).containsExactly("primary");
    }

    @Test
    void slicesHoldAtMostOneHundredEndpointsAndFewerPodsAreShared() {
        SyntheticCluster c = SyntheticClusterGenerator.generate(SyntheticSpec.of(4, 250).withPods(300).withNodes(3));
        Cluster cl = c.cluster();
        assertThat(cl.pods()).hasSize(300);
        assertThat(cl.nodes()).hasSize(3);
        List<EndpointSlice> slices = cl.slicesOf(cl.services().get(1));
        assertThat(slices).extracting(EndpointSlice::name).containsExactly("svc-00001-0", "svc-00001-1", "svc-00001-2");
        assertThat(slices).extracting(s -> s.endpoints().size()).containsExactly(100, 100, 50);
        Set<String> pods = slices.stream().flatMap(s -> s.endpoints().stream()).map(SliceEndpoint::targetPod)
                .collect(Collectors.toSet());
        assertThat(pods).as("250 distinct pods, wrapping past the last one").hasSize(250)
                .contains("ns-000/pod-000299", "ns-000/pod-000000");
        assertThat(cl.services()).extracting(Service::selector).as("services 2 and 3 start past the last pod: no pod carries their label")
                .containsExactly(Map.of("app", "svc-00000"), Map.of("app", "svc-00001"), null, null);
    }

    @Test
    void typeMixPoliciesAndAffinityAreExactCountsChosenBySeed() {
        SyntheticSpec spec = SyntheticSpec.of(1000, 2).withTypeMix(TypeMix.parse("ClusterIP=70,NodePort=20,LoadBalancer=10"))
                .withExternalLocalShare(0.5).withInternalLocalShare(0.1).withAffinityShare(0.25).withSeed(7);
        List<Service> s = SyntheticClusterGenerator.generate(spec).cluster().services();
        Map<ServiceType, Long> types = s.stream().collect(Collectors.groupingBy(Service::type, Collectors.counting()));
        assertThat(types).containsEntry(ServiceType.ClusterIP, 700L).containsEntry(ServiceType.NodePort, 200L)
                .containsEntry(ServiceType.LoadBalancer, 100L);
        assertThat(s.stream().filter(x -> x.externalTrafficPolicy() == TrafficPolicy.Local))
                .hasSize(150).allMatch(x -> x.type() != ServiceType.ClusterIP);
        assertThat(s.stream().filter(x -> x.internalTrafficPolicy() == TrafficPolicy.Local)).hasSize(100);
        assertThat(s.stream().filter(x -> x.sessionAffinity() == SessionAffinity.ClientIP)).hasSize(250);
        assertThat(s.stream().filter(x -> x.type() == ServiceType.LoadBalancer))
                .allMatch(x -> x.loadBalancerIngress().size() == 1 && x.ports().get(0).nodePort() >= 30000)
                .allMatch(x -> (x.healthCheckNodePort() != 0) == (x.externalTrafficPolicy() == TrafficPolicy.Local));
        Set<Integer> nodePorts = new HashSet<>();
        for (Service x : s) {
            if (x.ports().get(0).nodePort() != 0) {
                assertThat(nodePorts.add(x.ports().get(0).nodePort())).isTrue();
            }
            if (x.healthCheckNodePort() != 0) {
                assertThat(nodePorts.add(x.healthCheckNodePort())).isTrue();
            }
        }
        long lbLocal = s.stream().filter(x -> x.type() == ServiceType.LoadBalancer
                && x.externalTrafficPolicy() == TrafficPolicy.Local).count();
        assertThat(nodePorts).as("distinct NodePorts and health-check ports").hasSize(300 + (int) lbLocal)
                .allMatch(p -> p >= 30000 && p <= 32767);

        List<Service> again = SyntheticClusterGenerator.generate(spec).cluster().services();
        assertThat(again).as("same spec, same cluster").isEqualTo(s);
        List<Service> other = SyntheticClusterGenerator.generate(spec.withSeed(8)).cluster().services();
        assertThat(other).extracting(Service::type).as("another seed shuffles the types differently")
                .isNotEqualTo(s.stream().map(Service::type).toList());
    }

    @Test
    void kubernetesLimitsAreTheDefaults() {
        SyntheticSpec spec = SyntheticSpec.of(10_000, 250);
        assertThat(spec.effectivePods()).isEqualTo(150_000);
        assertThat(spec.effectiveNodes()).isEqualTo(5_000);
        assertThat(SyntheticSpec.of(10_000, 10).effectivePods()).isEqualTo(100_000);
        assertThat(SyntheticSpec.of(10_000, 10).effectiveNodes()).isEqualTo(3_334);
        assertThat(SyntheticSpec.of(10, 0).effectiveNodes()).isEqualTo(1);
        assertThat(SyntheticSpec.of(10, 10).withNodes(2).effectivePods()).isEqualTo(100);
    }

    @Test
    void impossibleSizesAreBadInput() {
        assertThat(codes(() -> SyntheticClusterGenerator.generate(SyntheticSpec.of(-1, 2))))
                .containsExactly("bad-scale");
        assertThat(messages(() -> SyntheticClusterGenerator.generate(SyntheticSpec.of(10, 10).withNodes(1).withPods(300))))
                .containsExactly("300 pods do not fit on 1 nodes (at most 250 pods per node); give more nodes or fewer pods");
        assertThat(messages(() -> SyntheticClusterGenerator.generate(SyntheticSpec.of(10, 10).withPods(5))))
                .containsExactly("a service with 10 endpoints needs at least as many pods, but there are 5");
        assertThat(messages(() -> SyntheticClusterGenerator.generate(SyntheticSpec.of(10, 1).withAffinityShare(1.5))))
                .containsExactly("the affinity share must be within 0-1, was 1.5");
        assertThat(codes(() -> SyntheticClusterGenerator.generate(SyntheticSpec.of(3000, 1).withTypeMix(TypeMix.parse("NodePort=1")))))
                .containsExactly("node-ports-exhausted");
        assertThat(messages(() -> TypeMix.parse("ClusterIP=1,Headless=2")))
                .containsExactly("unknown service type 'Headless' (known: ClusterIP, NodePort, LoadBalancer)");
        assertThat(messages(() -> TypeMix.parse("ClusterIP=0"))).containsExactly("at least one type needs a weight above 0");
    }

    @Test
    void typeMixCountsSplitByLargestRemainder() {
        assertThat(new TypeMix(1, 1, 1).counts(10)).containsEntry(ServiceType.ClusterIP, 4)
                .containsEntry(ServiceType.NodePort, 3).containsEntry(ServiceType.LoadBalancer, 3);
        assertThat(new TypeMix(80, 15, 5).counts(7)).containsEntry(ServiceType.ClusterIP, 6)
                .containsEntry(ServiceType.NodePort, 1).containsEntry(ServiceType.LoadBalancer, 0);
        assertThat(TypeMix.parse(" nodeport=15, ClusterIP=80 ,LoadBalancer=5")).isEqualTo(new TypeMix(80, 15, 5));
        assertThat(new TypeMix(80, 15, 5)).hasToString("ClusterIP=80,NodePort=15,LoadBalancer=5");
    }

    private static List<String> codes(Runnable r) {
        return diagnostics(r).stream().map(Diagnostic::code).toList();
    }

    private static List<String> messages(Runnable r) {
        return diagnostics(r).stream().map(Diagnostic::message).toList();
    }

    private static List<Diagnostic> diagnostics(Runnable r) {
        try {
            r.run();
        } catch (BadInputException e) {
            return e.diagnostics();
        }
        throw new AssertionError("expected bad input");
    }

    @Test
    void largestClusterBuildsWithSharedEndpointObjects() {
        SyntheticCluster c = SyntheticClusterGenerator.generate(SyntheticSpec.of(10_000, 250));
        assertThat(c.cluster().services()).hasSize(10_000);
        assertThat(c.cluster().pods()).hasSize(150_000);
        assertThat(c.cluster().nodes()).hasSize(5_000);
        assertThat(c.cluster().endpointSlices()).hasSize(30_000);
        SliceEndpoint a = c.cluster().endpointSlices().get(0).endpoints().get(0);
        SliceEndpoint b = c.cluster().endpointSlices().get(18_000).endpoints().get(0);
        assertThat(b).as("pod 0 backs service 0 and service 600, through one object").isSameAs(a);
    }
}
