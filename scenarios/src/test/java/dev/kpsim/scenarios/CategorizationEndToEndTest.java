package dev.kpsim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.IpFamily;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loaded inputs flow into kube-proxy's per-node view with the right endpoint flags and categories. */
class CategorizationEndToEndTest {

    private static NodeProxyView view(LoadedInput in, String node) {
        return NodeProxyView.build(in.cluster(), in.config(), node, IpFamily.IPV4);
    }

    private static ServicePortEntry entry(NodeProxyView v, String name) {
        return v.servicePorts().stream().filter(e -> e.info().name().toString().equals(name)).findFirst().orElseThrow();
    }

    private static String flags(EndpointInfo e) {
        return e + (e.ready() ? " ready" : "") + (e.serving() ? " serving" : "") + (e.terminating() ? " terminating" : "") + (e.local() ? " local" : "");
    }

    @Test
    void affinityExampleFlagsEveryEndpointState() {
        NodeProxyView v = view(Inputs.load("examples/affinity-multiport.yaml"), "node-1");
        assertThat(v.servicePorts()).extracting(e -> e.info().name().toString())
                .containsExactly("default/api:http", "default/api:metrics", "default/legacy-db:postgres");
        ServicePortEntry http = entry(v, "default/api:http");
        assertThat(http.endpoints()).extracting(CategorizationEndToEndTest::flags).containsExactly(
                "10.244.1.30:8080 ready serving local",
                "10.244.1.33:8080 local",
                "10.244.2.31:8080 ready serving",
                "10.244.2.32:8080 serving terminating");
        assertThat(http.categorized().clusterEndpoints()).extracting(EndpointInfo::toString).containsExactly("10.244.1.30:8080", "10.244.2.31:8080");
        assertThat(http.info().clientIpAffinity()).isTrue();
        assertThat(http.info().affinityTimeoutSeconds()).isEqualTo(600);
        assertThat(entry(v, "default/api:metrics").endpoints()).extracting(EndpointInfo::toString)
                .as("api-1 has no metrics port").containsExactly("10.244.1.30:9090", "10.244.1.33:9090", "10.244.2.32:9090");
        ServicePortEntry db = entry(v, "default/legacy-db:postgres");
        assertThat(db.endpoints()).isEmpty();
        assertThat(db.categorized().hasAnyEndpoints()).isFalse();
    }

    @Test
    void externalTrafficPolicyLocalOnANodeWithoutLocalEndpoints() {
        LoadedInput in = Inputs.load("examples/nodeport-local.yaml");
        ServicePortEntry onNode3 = entry(view(in, "node-3"), "default/web:http");
        assertThat(onNode3.info().externalPolicyLocal()).isTrue();
        assertThat(onNode3.info().nodePort()).isEqualTo(30080);
        assertThat(onNode3.endpoints()).noneMatch(EndpointInfo::local);
        assertThat(onNode3.categorized().localEndpoints()).isEmpty();
        assertThat(onNode3.categorized().clusterEndpoints()).hasSize(2);
        assertThat(onNode3.categorized().hasAnyEndpoints()).isTrue();
        ServicePortEntry onNode1 = entry(view(in, "node-1"), "default/web:http");
        assertThat(onNode1.categorized().localEndpoints()).extracting(EndpointInfo::toString).containsExactly("10.244.1.10:8080");
    }

    @Test
    void onlyTerminatingEndpointsAreUsedAsAFallback(@TempDir Path dir) {
        LoadedInput in = Inputs.load(Inputs.write(dir, "t.yaml", """
                apiVersion: kpsim.dev/v1alpha1
                kind: Scenario
                nodes: [{name: n1, addresses: [10.240.0.1]}]
                pods:
                  - {name: a, labels: {app: a}, ip: 10.244.1.1, node: n1, terminating: true}
                  - {name: b, labels: {app: a}, ip: 10.244.1.2, node: n1, terminating: true, ready: false}
                services:
                  - {name: a, selector: {app: a}, ports: [{port: 80}]}
                """));
        ServicePortEntry e = entry(view(in, "n1"), "default/a");
        assertThat(e.endpoints()).extracting(CategorizationEndToEndTest::flags)
                .containsExactly("10.244.1.1:80 serving terminating local", "10.244.1.2:80 terminating local");
        assertThat(e.categorized().clusterEndpoints()).extracting(EndpointInfo::toString).containsExactly("10.244.1.1:80");
    }

    @Test
    void hostnamesOnEachNodeHasOneLocalEndpoint() {
        LoadedInput in = Inputs.load("examples/hostnames-k8s");
        for (String node : new String[] {"node-1", "node-2", "node-3"}) {
            ServicePortEntry e = entry(view(in, node), "default/hostnames");
            assertThat(e.endpoints()).hasSize(3);
            assertThat(e.endpoints()).filteredOn(EndpointInfo::local).hasSize(1);
            assertThat(e.categorized().clusterEndpoints()).extracting(EndpointInfo::toString)
                    .containsExactly("10.244.1.7:9376", "10.244.2.3:9376", "10.244.3.6:9376");
        }
    }
}
