package dev.kpsim.scenarios.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EndpointSlice controller's view of pods: named ports, readiness, termination, families, chunking. */
class EndpointSliceDerivationTest {

    private static Pod pod(String name, String ip, String node, boolean ready, boolean terminating, ContainerPort... ports) {
        return new Pod("default", name, Map.of("app", "api"), List.of(IpAddress.parse(ip)), node, List.of(ports), ready, terminating, false, null);
    }

    private static final Service API = Service.builder("default", "api")
            .clusterIp(IpAddress.parse("10.96.0.80"))
            .selector(Map.of("app", "api"))
            .port(new ServicePort("http", Protocol.TCP, 80, PortRef.named("http"), 0))
            .port(new ServicePort("metrics", Protocol.TCP, 9090, PortRef.named("metrics"), 0))
            .build();

    private static final Map<String, Node> NODES = Map.of("n1", new Node("n1", List.of(), List.of(), "zone-a", null));

    @Test
    void namedTargetPortsAreResolvedPerPodAndPodsWithoutThePortAreLeftOutOfIt() {
        List<Pod> pods = List.of(
                pod("a", "10.244.1.1", "n1", true, false, new ContainerPort("http", 8080, Protocol.TCP), new ContainerPort("metrics", 9090, Protocol.TCP)),
                pod("b", "10.244.1.2", "n1", true, false, new ContainerPort("http", 8081, Protocol.TCP), new ContainerPort("metrics", 9090, Protocol.TCP)),
                pod("c", "10.244.1.3", "n1", true, false, new ContainerPort("http", 8080, Protocol.TCP)),
                pod("d", "10.244.1.4", "n1", true, false, new ContainerPort("http", 8080, Protocol.UDP)));
        List<EndpointSlice> slices = EndpointSliceController.derive(API, List.of(IpFamily.IPV4), pods, NODES);
        assertThat(slices).extracting(EndpointSlice::ports).containsExactly(
                List.of(new EndpointPort("http", Protocol.TCP, 8080), new EndpointPort("metrics", Protocol.TCP, 9090)),
                List.of(new EndpointPort("http", Protocol.TCP, 8081), new EndpointPort("metrics", Protocol.TCP, 9090)),
                List.of(new EndpointPort("http", Protocol.TCP, 8080)),
                List.of());
        assertThat(slices).extracting(s -> s.endpoints().get(0).targetPod())
                .containsExactly("default/a", "default/b", "default/c", "default/d");
        assertThat(slices).allSatisfy(s -> {
            assertThat(s.serviceName()).isEqualTo("api");
            assertThat(s.name()).matches("api-[bcdfghjklmnpqrstvwxz2456789]{5}");
        });
        assertThat(slices).extracting(EndpointSlice::name).doesNotHaveDuplicates();
    }

    @Test
    void conditionsFollowReadinessAndTermination() {
        ContainerPort http = new ContainerPort("http", 8080, Protocol.TCP);
        ContainerPort metrics = new ContainerPort("metrics", 9090, Protocol.TCP);
        List<Pod> pods = List.of(
                pod("ready", "10.244.1.1", "n1", true, false, http, metrics),
                pod("not-ready", "10.244.1.2", "n1", false, false, http, metrics),
                pod("leaving", "10.244.1.3", "n1", true, true, http, metrics),
                pod("leaving-not-ready", "10.244.1.4", null, false, true, http, metrics));
        List<SliceEndpoint> eps = EndpointSliceController.derive(API, List.of(IpFamily.IPV4), pods, NODES).get(0).endpoints();
        assertThat(eps).containsExactly(
                new SliceEndpoint(List.of(IpAddress.parse("10.244.1.3")), false, true, true, "n1", "zone-a", List.of(), List.of(), "default/leaving"),
                new SliceEndpoint(List.of(IpAddress.parse("10.244.1.4")), false, false, true, null, null, List.of(), List.of(), "default/leaving-not-ready"),
                new SliceEndpoint(List.of(IpAddress.parse("10.244.1.2")), false, false, false, "n1", "zone-a", List.of(), List.of(), "default/not-ready"),
                new SliceEndpoint(List.of(IpAddress.parse("10.244.1.1")), true, true, false, "n1", "zone-a", List.of(), List.of(), "default/ready"));
    }

    @Test
    void selectorNamespaceAndFamilyDecideWhichPodsCount() {
        Pod other = new Pod("other", "x", Map.of("app", "api"), List.of(IpAddress.parse("10.244.1.9")), "n1", List.of(), true, false, false, null);
        Pod wrongLabel = new Pod("default", "y", Map.of("app", "web"), List.of(IpAddress.parse("10.244.1.8")), "n1", List.of(), true, false, false, null);
        Pod dual = new Pod("default", "z", Map.of("app", "api", "tier", "x"),
                List.of(IpAddress.parse("10.244.1.7"), IpAddress.parse("fd00::7")), "n1", List.of(), true, false, false, null);
        Pod noIp = new Pod("default", "w", Map.of("app", "api"), List.of(), null, List.of(), false, false, false, null);
        Service numeric = Service.builder("default", "api").selector(Map.of("app", "api"))
                .port(new ServicePort("", Protocol.TCP, 80, PortRef.of(8080), 0)).build();
        List<EndpointSlice> slices = EndpointSliceController.derive(numeric, List.of(IpFamily.IPV4, IpFamily.IPV6),
                List.of(other, wrongLabel, dual, noIp), NODES);
        assertThat(slices).extracting(EndpointSlice::addressType).containsExactly(IpFamily.IPV4, IpFamily.IPV6);
        assertThat(slices).extracting(s -> s.endpoints().get(0).addresses().get(0).toString()).containsExactly("10.244.1.7", "fd00::7");
        assertThat(slices).allSatisfy(s -> assertThat(s.endpoints()).hasSize(1));
        assertThat(slices.get(0).name()).isNotEqualTo(slices.get(1).name());
    }

    @Test
    void aServiceWithoutSelectorGetsNoSlices() {
        Service none = Service.builder("default", "api").port(new ServicePort("", Protocol.TCP, 80, null, 0)).build();
        assertThat(EndpointSliceController.derive(none, List.of(IpFamily.IPV4),
                List.of(pod("a", "10.244.1.1", "n1", true, false)), NODES)).isEmpty();
    }

    @Test
    void moreThanAHundredEndpointsAreSplitIntoStableSlices() {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            pods.add(pod(String.format("p%03d", i), "10.244." + (i / 200) + "." + (i % 200 + 1), "n1", true, false,
                    new ContainerPort("http", 8080, Protocol.TCP), new ContainerPort("metrics", 9090, Protocol.TCP)));
        }
        List<EndpointSlice> slices = EndpointSliceController.derive(API, List.of(IpFamily.IPV4), pods, NODES);
        assertThat(slices).extracting(s -> s.endpoints().size()).containsExactly(100, 100, 5);
        assertThat(slices).extracting(EndpointSlice::name).doesNotHaveDuplicates();
        assertThat(EndpointSliceController.derive(API, List.of(IpFamily.IPV4), pods, NODES)).isEqualTo(slices);
    }

    @Test
    void sliceNamesAreCutLikeGenerateName() {
        String longName = "a".repeat(70);
        assertThat(SliceNames.generate(longName, "x")).hasSize(63).startsWith("a".repeat(58));
        assertThat(SliceNames.generate("hostnames", "x")).isEqualTo(SliceNames.generate("hostnames", "x"));
        assertThat(SliceNames.generate("hostnames", "x")).isNotEqualTo(SliceNames.generate("hostnames", "y"));
    }
}
