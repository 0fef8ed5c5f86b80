package dev.kpsim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.scenarios.raw.RawNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled examples load cleanly, and the two styles of the hostnames example agree. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("examples");

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || (Files.isDirectory(p) && holdsYaml(p)))
                    .map(Path::toString).sorted().toList().stream();
        }
    }

    /** Example directories hold manifests; {@code *.golden/} (expected outputs) and {@code dumps/} (node dumps) do not. */
    private static boolean holdsYaml(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".yaml"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleLoadsWithoutAnyDiagnostic(String path) {
        LoadedInput in = Inputs.load(path);
        assertThat(in.diagnostics()).isEmpty();
        assertThat(in.cluster().services()).isNotEmpty();
        assertThat(in.cluster().nodes()).isNotEmpty();
    }

    @Test
    void theExampleSetIsComplete() throws IOException {
        assertThat(examples()).contains("examples/hostnames.yaml", "examples/hostnames-k8s", "examples/hostnames-ipvs.yaml",
                "examples/hostnames-userspace.yaml", "examples/nodeport-local.yaml", "examples/loadbalancer-sourceranges.yaml",
                "examples/affinity-multiport.yaml");
    }

    @Test
    void hostnamesScenarioAndKubernetesManifestsLoadToTheSameClusterAndConfig() {
        LoadedInput scenario = Inputs.load("examples/hostnames.yaml");
        LoadedInput k8s = Inputs.load("examples/hostnames-k8s");
        assertThat(Inputs.strip(scenario.cluster())).isEqualTo(Inputs.strip(k8s.cluster()));
        assertThat(scenario.config()).isEqualTo(k8s.config());
        assertThat(scenario.preferredNode()).isEqualTo(k8s.preferredNode()).isEmpty();
        assertThat(scenario.config().clusterCidrs()).as("no clusterCIDR, as on the Debug Services page").isEmpty();
        var svc = scenario.cluster().service("default", "hostnames").orElseThrow();
        assertThat(svc.clusterIps()).containsExactly(IpAddress.parse("10.0.1.175"));
        assertThat(svc.ports()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEmpty();
            assertThat(p.port()).isEqualTo(80);
            assertThat(p.targetPort().number()).isEqualTo(9376);
        });
        assertThat(scenario.cluster().endpointSlices()).singleElement().satisfies(s -> assertThat(s.endpoints())
                .extracting(e -> e.addresses().get(0).toString()).containsExactly("10.244.3.6", "10.244.1.7", "10.244.2.3"));
    }

    @Test
    void userspaceExamplePinsItsProxyPort() {
        LoadedInput in = Inputs.load("examples/hostnames-userspace.yaml");
        assertThat(in.config().mode()).isEqualTo("userspace");
        assertThat(in.config().pinnedProxyPort("default/hostnames:default")).contains(48577);
        assertThat(in.config().kubeProxyVersion().toString()).isEqualTo("1.25");
        assertThat(in.cluster().node("node-1").orElseThrow().addresses()).containsExactly(IpAddress.parse("10.240.115.247"));
        assertThat(in.cluster().services().get(0).ports().get(0).name()).isEqualTo("default");
        assertThat(in.preferredNode()).contains("node-1");
    }

    @Test
    void ipvsExampleHasThreePodsOnOneNode() {
        LoadedInput in = Inputs.load("examples/hostnames-ipvs.yaml");
        assertThat(in.config().mode()).isEqualTo("ipvs");
        assertThat(in.config().ipvs().effectiveScheduler()).isEqualTo("rr");
        assertThat(in.cluster().endpointSlices().get(0).endpoints()).extracting(e -> e.addresses().get(0).toString())
                .containsExactly("10.244.0.5", "10.244.0.6", "10.244.0.7");
    }

    @Test
    void loadBalancerExampleAllocatesItsNodePorts() {
        var shop = Inputs.load("examples/loadbalancer-sourceranges.yaml").cluster().service("default", "shop").orElseThrow();
        assertThat(shop.type()).isEqualTo(ServiceType.LoadBalancer);
        assertThat(shop.ports().get(0).nodePort()).isEqualTo(30000);
        assertThat(shop.healthCheckNodePort()).isEqualTo(30001);
        assertThat(shop.loadBalancerIngress()).singleElement().satisfies(i -> assertThat(i.isProgrammedVip()).isTrue());
    }

    /** The annotated example of SCHEMA.md is itself a valid scenario. */
    @Test
    void schemaDocumentExampleLoads(@TempDir Path dir) throws IOException {
        String md = Files.readString(EXAMPLES.resolve("SCHEMA.md"));
        int start = md.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = md.substring(start, md.indexOf("```", start));
        LoadedInput in = Inputs.load(Inputs.write(dir, "schema.yaml", yaml));
        assertThat(in.diagnostics()).isEmpty();
        assertThat(in.extensions()).containsOnlyKeys("traffic", "expect", "events");
        assertThat(in.extensions().get("traffic").value()).isInstanceOf(RawNode.RawMap.class);
        assertThat(in.config().userspaceProxyPorts()).containsEntry("default/hostnames:default", 48577);
        assertThat(in.cluster().endpointSlices()).extracting(s -> s.serviceName()).containsExactly("legacy-db", "hostnames");
    }

    @Test
    void rawSectionsKeepStructureAndLocations(@TempDir Path dir) {
        String f = Inputs.write(dir, "t.yaml", """
                apiVersion: kpsim.dev/v1alpha1
                kind: Scenario
                traffic:
                  - from: pod/default/a
                    to: 10.0.1.175:80
                    count: 300
                expect:
                  reach: {ratio: 0.33, ok: true, none: null}
                """);
        LoadedInput in = Inputs.load(f);
        RawNode.RawList traffic = (RawNode.RawList) in.extensions().get("traffic").value();
        RawNode.RawMap first = (RawNode.RawMap) traffic.items().get(0);
        assertThat(first.get("count").orElseThrow()).isEqualTo(new RawNode.RawScalar("300", RawNode.RawScalar.Kind.INTEGER,
                new dev.kpsim.core.diag.SourceLocation(f, 6, 12)));
        assertThat(first.keyLocations().get("to")).isEqualTo(new dev.kpsim.core.diag.SourceLocation(f, 5, 5));
        assertThat(in.extensions().get("expect").location()).isEqualTo(new dev.kpsim.core.diag.SourceLocation(f, 7, 1));
        RawNode.RawMap reach = (RawNode.RawMap) ((RawNode.RawMap) in.extensions().get("expect").value()).get("reach").orElseThrow();
        assertThat(reach.entries().values()).extracting(n -> ((RawNode.RawScalar) n).kind())
                .containsExactly(RawNode.RawScalar.Kind.FLOAT, RawNode.RawScalar.Kind.BOOLEAN, RawNode.RawScalar.Kind.NULL);
        assertThat(List.copyOf(reach.entries().keySet())).containsExactly("ratio", "ok", "none");
    }
}
