package dev.kpsim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.net.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deterministic ClusterIP, NodePort and healthCheckNodePort allocation for compact scenarios. */
class ScenarioAllocationTest {
    @TempDir
    Path dir;

    private static final String HEAD = "apiVersion: kpsim.dev/v1alpha1\nkind: Scenario\n";

    private static String service(String name, String type, String extra) {
        return "  - name: " + name + "\n    type: " + type + "\n" + extra + "    ports: [{name: a, port: 53, protocol: UDP}, {name: b, port: 53, protocol: TCP}, {name: c, port: 80}]\n";
    }

    private Service svc(LoadedInput in, String name) {
        return in.cluster().service("default", name).orElseThrow();
    }

    @Test
    void clusterIpsAndNodePortsAreAllocatedInServiceKeyOrderWhateverTheInputOrder() {
        List<String> entries = new ArrayList<>(List.of(
                service("alpha", "ClusterIP", ""),
                service("bravo", "NodePort", ""),
                service("charlie", "LoadBalancer", "    externalTrafficPolicy: Local\n"),
                service("delta", "ClusterIP", "    clusterIP: 10.96.0.11\n"),
                service("echo", "NodePort", "    namespace: aaa\n")));
        List<String> firstIps = null;
        for (long seed = 0; seed < 5; seed++) {
            Collections.shuffle(entries, new Random(seed));
            LoadedInput in = Inputs.load(Inputs.write(dir, "s" + seed + ".yaml", HEAD + "services:\n" + String.join("", entries)));
            assertThat(svc(in, "alpha").clusterIps()).containsExactly(IpAddress.parse("10.96.0.12"));
            assertThat(svc(in, "bravo").clusterIps()).containsExactly(IpAddress.parse("10.96.0.13"));
            assertThat(svc(in, "charlie").clusterIps()).containsExactly(IpAddress.parse("10.96.0.14"));
            assertThat(svc(in, "delta").clusterIps()).containsExactly(IpAddress.parse("10.96.0.11"));
            assertThat(in.cluster().service("aaa", "echo").orElseThrow().clusterIps()).containsExactly(IpAddress.parse("10.96.0.10"));
            // aaa/echo first, then default/bravo, default/charlie; 53/UDP and 53/TCP share one node port.
            assertThat(in.cluster().service("aaa", "echo").orElseThrow().ports()).extracting(ServicePort::nodePort).containsExactly(30000, 30000, 30001);
            assertThat(svc(in, "bravo").ports()).extracting(ServicePort::nodePort).containsExactly(30002, 30002, 30003);
            assertThat(svc(in, "charlie").ports()).extracting(ServicePort::nodePort).containsExactly(30004, 30004, 30005);
            assertThat(svc(in, "charlie").healthCheckNodePort()).isEqualTo(30006);
            assertThat(svc(in, "alpha").ports()).extracting(ServicePort::nodePort).containsOnly(0);
            List<String> ips = in.cluster().services().stream().map(s -> s.key() + "=" + s.clusterIps()).sorted().toList();
            if (firstIps != null) {
                assertThat(ips).isEqualTo(firstIps);
            }
            firstIps = ips;
            assertThat(in.diagnostics()).isEmpty();
        }
    }

    @Test
    void explicitValuesAreKeptAndSkippedByTheAllocator() {
        LoadedInput in = Inputs.load(Inputs.write(dir, "s.yaml", HEAD + """
                allocation:
                  serviceCIDR: 10.0.0.0/16
                  nodePortRange: 31000-31005
                services:
                  - name: a
                    type: NodePort
                    ports: [{port: 80, nodePort: 31000}]
                  - name: b
                    type: LoadBalancer
                    clusterIP: 10.0.0.10
                    externalTrafficPolicy: Local
                    healthCheckNodePort: 31001
                    ports: [{port: 80}]
                  - name: c
                    type: LoadBalancer
                    allocateLoadBalancerNodePorts: false
                    externalTrafficPolicy: Local
                    ports: [{port: 80}]
                  - name: d
                    type: ExternalName
                    externalName: db.example.com
                  - name: e
                    clusterIP: None
                    ports: [{port: 80}]
                """));
        assertThat(svc(in, "a").clusterIps()).containsExactly(IpAddress.parse("10.0.0.11"));
        assertThat(svc(in, "a").ports().get(0).nodePort()).isEqualTo(31000);
        assertThat(svc(in, "b").ports().get(0).nodePort()).isEqualTo(31002);
        assertThat(svc(in, "b").healthCheckNodePort()).isEqualTo(31001);
        assertThat(svc(in, "c").clusterIps()).containsExactly(IpAddress.parse("10.0.0.12"));
        assertThat(svc(in, "c").ports().get(0).nodePort()).as("allocateLoadBalancerNodePorts: false").isZero();
        assertThat(svc(in, "c").healthCheckNodePort()).isEqualTo(31003);
        assertThat(svc(in, "d").clusterIps()).isEmpty();
        assertThat(svc(in, "e").clusterIps()).isEmpty();
        assertThat(svc(in, "e").headless()).isTrue();
    }

    @Test
    void dualStackServicesGetOneClusterIpPerFamily() {
        LoadedInput in = Inputs.load(Inputs.write(dir, "s.yaml", HEAD + """
                allocation:
                  serviceCIDR: [10.96.0.0/16, "fd00:10:96::/112"]
                services:
                  - name: a
                    ipFamilies: [IPv6, IPv4]
                    ports: [{port: 80}]
                  - name: b
                    ports: [{port: 80}]
                """));
        assertThat(svc(in, "a").clusterIps()).containsExactly(IpAddress.parse("fd00:10:96::a"), IpAddress.parse("10.96.0.10"));
        assertThat(svc(in, "b").clusterIps()).containsExactly(IpAddress.parse("10.96.0.11"));
    }

    @Test
    void exhaustedRangesAreErrors() {
        List<String> errors = Inputs.errors(dir, "s.yaml", HEAD + """
                allocation:
                  serviceCIDR: 10.0.0.0/30
                  nodePortRange: 30000-30000
                services:
                  - {name: a, type: NodePort, ports: [{port: 80}]}
                  - {name: b, type: NodePort, ports: [{port: 80}]}
                  - {name: c, ports: [{port: 80}]}
                """);
        String f = dir.resolve("s.yaml").toString();
        assertThat(errors).containsExactly(
                f + ":8:5: Service default/b: node port range 30000-30000 is exhausted",
                f + ":9:5: Service default/c: service CIDR 10.0.0.0/30 is exhausted");
    }

    @Test
    void hostNetworkPodsWithoutAnIpUseTheirNodesAddresses() {
        LoadedInput in = Inputs.load(Inputs.write(dir, "s.yaml", HEAD + """
                nodes:
                  - {name: n1, addresses: [10.240.0.5]}
                pods:
                  - {name: agent, labels: {app: agent}, node: n1, hostNetwork: true}
                services:
                  - {name: agent, selector: {app: agent}, ports: [{port: 9100}]}
                """));
        assertThat(in.cluster().pods().get(0).ips()).containsExactly(IpAddress.parse("10.240.0.5"));
        assertThat(in.cluster().endpointSlices().get(0).endpoints().get(0).addresses()).containsExactly(IpAddress.parse("10.240.0.5"));
    }
}
