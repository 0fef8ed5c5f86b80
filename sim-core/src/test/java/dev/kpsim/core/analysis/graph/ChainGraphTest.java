package dev.kpsim.core.analysis.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.analysis.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hostnames node's rules as a graph, and the hostnames service's part of it. */
class ChainGraphTest {
    static final RuleGraphSource SRC = IptablesGraphSource.of(Fixtures.ruleset(Fixtures.resource("hostnames.save"), "h"), "iptables");

    @Test
    void serviceChainsAreOwnedThroughTheirCommentsAndGetVerdicts() {
        ChainGraph g = ChainGraph.build(SRC, Map.of());
        assertThat(g.services()).containsExactly("default/hostnames");
        assertThat(g.vertex("nat:KUBE-SVC-YN5D6RYVEVZOH44Q")).hasValueSatisfying(v -> {
            assertThat(v.service()).isEqualTo("default/hostnames");
            assertThat(v.rules()).isEqualTo(3);
        });
        assertThat(g.vertex("nat:KUBE-SEP-IQV2T7WZFFJMSXMA#2")).hasValueSatisfying(v -> {
            assertThat(v.kind()).isEqualTo(ChainGraph.VertexKind.VERDICT);
            assertThat(v.description()).isEqualTo("DNAT 10.244.1.7:9376");
        });
        assertThat(g.vertex("nat:KUBE-SERVICES").orElseThrow().service()).isNull();
    }

    @Test
    void edgesCarryTheMatchAndTheCascadesProbabilities() {
        ChainGraph g = ChainGraph.build(SRC, Map.of());
        List<ChainGraph.Edge> svc = g.edges().stream().filter(e -> e.from().equals("nat:KUBE-SVC-YN5D6RYVEVZOH44Q")).toList();
        assertThat(svc).extracting(ChainGraph.Edge::rule).containsExactly(1, 2, 3);
        assertThat(svc.get(0).probability()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(svc.get(1).probability()).isCloseTo(0.5, within(1e-9));
        assertThat(svc.get(2).probability()).isNull();
        assertThat(svc).extracting(ChainGraph.Edge::role).containsOnly("load-balance");
        assertThat(g.edges()).filteredOn(e -> e.to().equals("nat:KUBE-SVC-YN5D6RYVEVZOH44Q")).singleElement()
                .satisfies(e -> assertThat(e.label()).isEqualTo("-d 10.0.1.175/32 -p tcp -m tcp --dport 80"));
    }

    @Test
    void theServiceSubgraphKeepsItsChainsWhatLeadsThereAndWhatTheyLeadTo() {
        ChainGraph only = ChainGraph.build(SRC, Map.of()).forService(s -> s.equals("default/hostnames"));
        assertThat(only.vertices()).extracting(ChainGraph.Vertex::id).containsExactlyInAnyOrder(
                "nat:PREROUTING", "nat:OUTPUT", "nat:KUBE-SERVICES", "nat:KUBE-MARK-MASQ", "nat:KUBE-SVC-YN5D6RYVEVZOH44Q",
                "nat:KUBE-SEP-IQV2T7WZFFJMSXMA", "nat:KUBE-SEP-PR3FG6SU5SIGDY7O", "nat:KUBE-SEP-VVQPNQCRNAQTZLWG",
                "nat:KUBE-SEP-IQV2T7WZFFJMSXMA#2", "nat:KUBE-SEP-PR3FG6SU5SIGDY7O#2", "nat:KUBE-SEP-VVQPNQCRNAQTZLWG#2");
        String dot = DotRenderer.render(only, "hostnames", List.of());
        assertThat(dot).startsWith("digraph kpsim {\n").endsWith("}\n");
        assertThat(dot).contains("label=\"default/hostnames\"; style=\"rounded,filled\"",
                "\"nat:KUBE-SVC-YN5D6RYVEVZOH44Q\" -> \"nat:KUBE-SEP-IQV2T7WZFFJMSXMA\" [label=\"#1\\np=0.3333\"];",
                "[label=\"DNAT 10.244.1.7:9376\", shape=note");
        assertThat(GraphJsonRenderer.render(only, List.of())).contains("\"kind\": \"verdict\"", "\"service\": \"default/hostnames\"",
                "\"lint\": []");
    }

    @Test
    void ownersComeFromNftChainNamesAndKubeProxyComments() {
        assertThat(ServiceOwners.serviceInNftChainName("service-3LLAWEKV-default/shop/tcp/https")).hasValue("default/shop:https");
        assertThat(ServiceOwners.serviceInNftChainName("endpoint-VUNWOAHI-default/hostnames/tcp/__10.244.1.7/9376"))
                .hasValue("default/hostnames");
        assertThat(ServiceOwners.serviceInNftChainName("KUBE-SVC-X")).isEmpty();
        assertThat(ServiceOwners.serviceInComment("-A X -m comment --comment \"pod traffic for default/web:http external destinations\" -j Y"))
                .hasValue("default/web:http");
        assertThat(ServiceOwners.serviceInComment("-A X ! -s 127.0.0.0/8 -m comment --comment \"block 127.0.0.0/8\" -j DROP")).isEmpty();
        assertThat(ServiceOwners.perService("service-endpoints-check")).isFalse();
        assertThat(ServiceOwners.perService("firewall-check")).isFalse();
        assertThat(ServiceOwners.perService("KUBE-SEP-ABC")).isTrue();
    }
}
