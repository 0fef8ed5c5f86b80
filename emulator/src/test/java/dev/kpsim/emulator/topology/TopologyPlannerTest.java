package dev.kpsim.emulator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.fixtures.Hostnames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyPlannerTest {

    private static final String PREFIX = "kpsim-1-abc-";

    @Test
    void plansTheHostnamesClusterAroundTheNodeUnderTest() {
        TopologyPlan p = TopologyPlanner.plan(Hostnames.cluster(), Hostnames.NODE_A, PREFIX);
        assertThat(p.nodes()).extracting(NodeNet::name).containsExactly(Hostnames.NODE_A, Hostnames.NODE_B);
        assertThat(p.nodeUnderTest().underTest()).isTrue();
        assertThat(p.nodeUnderTest().gateways()).containsExactly(new InterfaceAddress(Hostnames.BRIDGE_A, 24));
        assertThat(p.pods()).extracting(PodNet::key).containsExactly(Hostnames.A1, Hostnames.B1, Hostnames.B2, Hostnames.CLIENT);
        PodNet a1 = p.pod(Hostnames.A1).orElseThrow();
        assertThat(a1.tcpPorts()).containsExactly(9376);
        assertThat(a1.udpPorts()).containsExactly(5353);
        assertThat(a1.hostVeth()).isEqualTo("veth0");
        assertThat(p.pod(Hostnames.CLIENT).orElseThrow().answers()).isFalse();
        assertThat(p.pod(Hostnames.CLIENT).orElseThrow().hostVeth()).isEqualTo("veth1");
        assertThat(p.pod(Hostnames.B2).orElseThrow().hostVeth()).isEqualTo("veth1");
        assertThat(p.externalAddresses()).containsExactly(IpAddress.parse("203.0.113.10"));
        assertThat(p.namespaces()).allMatch(n -> n.startsWith(PREFIX)).doesNotHaveDuplicates().hasSize(8);
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void isDeterministic() {
        assertThat(TopologyPlanner.plan(Hostnames.cluster(), Hostnames.NODE_B, PREFIX))
                .isEqualTo(TopologyPlanner.plan(Hostnames.cluster(), Hostnames.NODE_B, PREFIX));
    }

    @Test
    void anUnknownNodeIsBadInput() {
        assertThatThrownBy(() -> TopologyPlanner.plan(Hostnames.cluster(), "node-z", PREFIX))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("node 'node-z' is not in the cluster (nodes: node-a, node-b)")
                .satisfies(e -> assertThat(((BadInputException) e).diagnostics().get(0).code()).isEqualTo("unknown-node"));
    }

    @Test
    void endpointsWithoutPodsGetMadeUpPodsAndUnplaceablePodsAreNoted() {
        Cluster base = Hostnames.cluster();
        IpAddress orphan = IpAddress.parse("10.244.1.50");
        EndpointSlice extra = new EndpointSlice("default", "other-1", "other", IpFamily.IPV4,
                List.of(new EndpointPort("", Protocol.TCP, 8080), new EndpointPort("sctp", Protocol.SCTP, 9)),
                List.of(new SliceEndpoint(List.of(orphan), true, true, false, Hostnames.NODE_B, "", List.of(), List.of(), null),
                        new SliceEndpoint(List.of(IpAddress.parse("10.9.9.9")), true, true, false, null, "", List.of(), List.of(), null)),
                null);
        List<Pod> pods = new ArrayList<>(base.pods());
        pods.add(new Pod("default", "pending", Map.of(), List.of(), Hostnames.NODE_A, List.of(), false, false, false, null));
        pods.add(new Pod("default", "lost", Map.of(), List.of(IpAddress.parse("10.244.0.77")), "node-gone", List.of(), true, false, false, null));
        List<EndpointSlice> slices = new ArrayList<>(base.endpointSlices());
        slices.add(extra);
        TopologyPlan p = TopologyPlanner.plan(new Cluster(base.nodes(), pods, base.services(), slices), Hostnames.NODE_A, PREFIX);
        PodNet made = p.podByIp(orphan).orElseThrow();
        assertThat(made.key()).isEqualTo("endpoint/10.244.1.50");
        assertThat(made.synthesized()).isTrue();
        assertThat(made.nodeName()).isEqualTo(Hostnames.NODE_B);
        assertThat(made.tcpPorts()).containsExactly(8080);
        assertThat(p.pod("default/pending")).isEmpty();
        assertThat(p.pod("default/lost")).isEmpty();
        assertThat(p.notes()).anyMatch(n -> n.contains("default/pending has no usable IP"))
                .anyMatch(n -> n.contains("default/lost is not placed on a known node"))
                .anyMatch(n -> n.contains("endpoint 10.9.9.9 of default/other has no known node"))
                .anyMatch(n -> n.contains("SCTP port 9"));
    }

    @Test
    void theExternalClientAvoidsAddressesTheClusterUses() {
        Cluster base = Hostnames.cluster();
        List<Node> nodes = new ArrayList<>(base.nodes());
        nodes.add(new Node("node-c", List.of(IpAddress.parse("203.0.113.10")), List.of(Cidr.parse("10.244.2.0/24")), "", null));
        TopologyPlan p = TopologyPlanner.plan(new Cluster(nodes, base.pods(), base.services(), base.endpointSlices()), Hostnames.NODE_A, PREFIX);
        assertThat(p.externalAddresses()).containsExactly(IpAddress.parse("203.0.113.11"));
    }

    @Test
    void aNodeWithoutPodCidrGetsALinkLocalGateway() {
        Cluster base = Hostnames.cluster();
        List<Node> nodes = List.of(new Node(Hostnames.NODE_A, List.of(Hostnames.NODE_A_IP), List.of(), "", null), base.nodes().get(1));
        TopologyPlan p = TopologyPlanner.plan(new Cluster(nodes, base.pods(), base.services(), base.endpointSlices()), Hostnames.NODE_A, PREFIX);
        assertThat(p.nodeUnderTest().gateways()).containsExactly(InterfaceAddress.host(IpAddress.parse("169.254.1.1")));
        assertThat(TopologyPlanner.podPrefixLength(p.nodeUnderTest(), Hostnames.A1_IP)).isEqualTo(32);
    }
}
