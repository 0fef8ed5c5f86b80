package dev.kpsim.core.analysis.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.analysis.Fixtures;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The reachability matrix on the hostnames and nodeport-local clusters (exact outcomes of real per-node rules). */
class ReachAnalysisTest {

    static Function<IpAddress, Optional<Pod>> pods(Map<String, String[]> byIp) {
        return ip -> Optional.ofNullable(byIp.get(ip.toString())).map(p -> new Pod(p[0].split("/")[0], p[0].split("/")[1],
                Map.of(), List.of(ip), p[1], List.of(), true, false, false, null));
    }

    static final Function<IpAddress, Optional<Pod>> HOSTNAMES_PODS = pods(Map.of(
            "10.244.1.7", new String[] {"default/hostnames-632524106-ly40y", "node-1"},
            "10.244.2.3", new String[] {"default/hostnames-632524106-tlaok", "node-2"},
            "10.244.3.6", new String[] {"default/hostnames-632524106-bbpiw", "node-3"}));

    static final Function<IpAddress, Optional<Pod>> WEB_PODS = pods(Map.of(
            "10.244.1.10", new String[] {"default/web-7d4b9c-x2k8p", "node-1"},
            "10.244.2.10", new String[] {"default/web-7d4b9c-q9w3z", "node-2"}));

    static ReachClient client(String id, ReachClient.Kind kind, String name, String node, String ip) {
        return new ReachClient(id, kind, name, node, List.of(IpAddress.parse(ip)), null);
    }

    static ReachFrontend frontend(String id, ReachFrontend.Kind kind, String spn, String at, String node, boolean etp) {
        return new ReachFrontend(id, kind, spn, Protocol.TCP, HostPort.parse(at), node, List.of(), etp, false);
    }

    static List<ReachClient> hostnamesClients() {
        List<ReachClient> cs = new ArrayList<>();
        int n = 0;
        for (int i = 1; i <= 3; i++) {
            String node = "node-" + i;
            String pod = Fixtures.HOSTNAMES_PODS.get(node);
            cs.add(client("C" + (++n), ReachClient.Kind.POD, "pod " + Fixtures.HOSTNAMES_POD_NAMES.get(pod), node, pod));
            cs.add(client("C" + (++n), ReachClient.Kind.HOST, "host " + node, node, "10.240.0." + (2 + i)));
            cs.add(client("C" + (++n), ReachClient.Kind.EXTERNAL, "external 192.0.2.100", node, "192.0.2.100"));
        }
        return cs;
    }

    static ReachMatrix hostnames() {
        return ReachAnalysis.run("iptables", hostnamesClients(),
                List.of(frontend("F1", ReachFrontend.Kind.CLUSTER_IP, "default/hostnames", "10.0.1.175:80", null, false)),
                Fixtures.hostnames(), Fixtures.hostnamesNodes(), HOSTNAMES_PODS);
    }

    @Test
    void hostnamesEveryClientReachesEachPodWithOneThird() {
        ReachMatrix m = hostnames();
        assertThat(m.cells()).hasSize(9).allSatisfy(c -> {
            assertThat(c.summary()).isEqualTo(ReachCell.Summary.REACHES);
            assertThat(c.blackHole()).isEmpty();
            assertThat(c.shares()).extracting(s -> s.destination().toString())
                    .containsExactly("10.244.1.7:9376", "10.244.2.3:9376", "10.244.3.6:9376");
            assertThat(c.shares()).allSatisfy(s -> {
                assertThat(s.probability()).isCloseTo(1.0 / 3, within(1e-9));
                assertThat(s.fate()).isEqualTo(ReachShare.Fate.ENDPOINT);
                assertThat(Shares.format(s.probability())).isEqualTo("1/3");
            });
        });
        assertThat(m.nodes()).containsExactly("node-1", "node-2", "node-3");
    }

    @Test
    void aPodReachingItselfIsMasqueradedToTheBridgeAddressAndOthersKeepTheirSource() {
        ReachCell c = hostnames().cell("C1", "F1").orElseThrow();
        assertThat(c.shares()).filteredOn(ReachShare::hairpin).singleElement().satisfies(s -> {
            assertThat(s.pod()).isEqualTo("default/hostnames-632524106-ly40y");
            assertThat(s.podNode()).isEqualTo("node-1");
            assertThat(s.masquerade()).isTrue();
            assertThat(s.source()).isEqualTo(IpAddress.parse("10.244.1.1"));
        });
        assertThat(c.shares()).filteredOn(s -> !s.hairpin()).allSatisfy(s -> {
            assertThat(s.masquerade()).isFalse();
            assertThat(s.source()).isEqualTo(IpAddress.parse("10.244.1.7"));
            assertThat(s.replyBypass()).as("the pod's own node translated: replies come back to it").isNull();
        });
    }

    @Test
    void withoutClusterCidrAnExternalClientsRepliesFromOtherNodesBypassTheTranslatingNode() {
        ReachCell c = hostnames().cell("C3", "F1").orElseThrow();
        assertThat(c.shares()).extracting(ReachShare::replyBypass).containsExactly(null, "node-1", "node-1");
        assertThat(ReachTextRenderer.code(Optional.of(c))).isEqualTo("3 ep r");
    }

    static ReachMatrix nodeportLocal() {
        List<ReachClient> cs = List.of(
                client("C1", ReachClient.Kind.POD, "pod default/web-7d4b9c-x2k8p", "node-1", "10.244.1.10"),
                client("C2", ReachClient.Kind.HOST, "host node-1", "node-1", "10.240.0.11"),
                client("C3", ReachClient.Kind.HOST, "host node-3", "node-3", "10.240.0.13"),
                client("C4", ReachClient.Kind.EXTERNAL, "external 192.0.2.100", "node-1", "192.0.2.100"),
                client("C5", ReachClient.Kind.EXTERNAL, "external 192.0.2.100", "node-3", "192.0.2.100"));
        List<ReachFrontend> fs = List.of(
                frontend("F1", ReachFrontend.Kind.CLUSTER_IP, "default/web:http", "10.96.0.10:80", null, true),
                frontend("F2", ReachFrontend.Kind.NODE_PORT, "default/web:http", "10.240.0.11:30080", "node-1", true),
                frontend("F3", ReachFrontend.Kind.NODE_PORT, "default/web:http", "10.240.0.13:30080", "node-3", true));
        return ReachAnalysis.run("iptables", cs, fs, Fixtures.nodeportLocal(), Fixtures.nodeportLocalNodes(), WEB_PODS);
    }

    @Test
    void externalTrafficPolicyLocalOnANodeWithoutLocalEndpointsIsABlackHole() {
        ReachMatrix m = nodeportLocal();
        ReachCell hole = m.cell("C5", "F3").orElseThrow();
        assertThat(hole.summary()).isEqualTo(ReachCell.Summary.BLACK_HOLE);
        assertThat(hole.shares()).singleElement().satisfies(s -> {
            assertThat(s.fate()).isEqualTo(ReachShare.Fate.DROP);
            assertThat(s.decidedBy()).isEqualTo("filter:KUBE-EXTERNAL-SERVICES rule 1");
            assertThat(s.role()).isEqualTo("no-local-endpoints-drop");
        });
        assertThat(hole.blackHole()).hasValueSatisfying(b -> {
            assertThat(b.cause()).isEqualTo(BlackHole.Cause.EXTERNAL_POLICY_LOCAL);
            assertThat(b.reason()).startsWith("externalTrafficPolicy is Local and node-3 has no ready endpoint of default/web:http");
        });
        assertThat(m.blackHoles()).extracting(ReachCell::client, ReachCell::frontend)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("C2", "F3"), org.assertj.core.groups.Tuple.tuple("C5", "F3"));
        // the ClusterIP still reaches both pods from node-3
        assertThat(m.cell("C3", "F1").orElseThrow().endpointCount()).isEqualTo(2);
        // the node with a local endpoint sends external traffic there only, keeping the client's address
        assertThat(m.cell("C4", "F2").orElseThrow().shares()).singleElement().satisfies(s -> {
            assertThat(s.destination()).isEqualTo(HostPort.parse("10.244.1.10:8080"));
            assertThat(s.masquerade()).isFalse();
            assertThat(s.source()).isEqualTo(IpAddress.parse("192.0.2.100"));
        });
    }

    @Test
    void aPacketPassedOnUntranslatedIsFollowedOnTheNodeItIsFor() {
        ReachMatrix m = nodeportLocal();
        ReachCell host = m.cell("C2", "F3").orElseThrow();
        assertThat(host.node()).isEqualTo("node-1");
        assertThat(host.shares()).singleElement().satisfies(s -> {
            assertThat(s.viaNode()).isEqualTo("node-3");
            assertThat(s.fate()).isEqualTo(ReachShare.Fate.DROP);
        });
        ReachCell pod = m.cell("C1", "F3").orElseThrow();
        assertThat(pod.summary()).isEqualTo(ReachCell.Summary.REACHES);
        assertThat(pod.shares()).extracting(ReachShare::viaNode).containsOnly("node-3");
        assertThat(pod.shares()).extracting(ReachShare::replyBypass).containsExactly(null, "node-3");
        assertThat(ReachTextRenderer.code(Optional.of(pod))).isEqualTo("2 ep m r^");
    }

    @Test
    void externalClientsReachANodePortOnlyOnTheNodeTheyArriveAt() {
        ReachMatrix m = nodeportLocal();
        assertThat(m.cell("C4", "F3")).isEmpty();
        assertThat(m.cell("C5", "F2")).isEmpty();
        assertThat(ReachTextRenderer.code(m.cell("C4", "F3"))).isEqualTo("-");
    }

    @Test
    void summariesNameTheMixOfFates() {
        ReachShare ep = new ReachShare(0.5, ReachShare.Fate.ENDPOINT, HostPort.parse("10.0.0.1:80"), null, null, false,
                null, null, null, null, false, false, null);
        ReachShare drop = new ReachShare(0.5, ReachShare.Fate.DROP, null, null, null, false, null, null, "x", null, false,
                false, null);
        ReachShare reject = drop.withProbability(0.5);
        reject = new ReachShare(0.5, ReachShare.Fate.REJECT, null, null, null, false, null, null, "x", null, false, false, null);
        ReachShare pass = new ReachShare(1, ReachShare.Fate.PASS, HostPort.parse("10.0.0.9:80"), null, null, false, null,
                null, null, null, false, false, null);
        assertThat(ReachAnalysis.summarize(List.of(ep, drop))).isEqualTo(ReachCell.Summary.PARTIAL);
        assertThat(ReachAnalysis.summarize(List.of(drop.withProbability(1)))).isEqualTo(ReachCell.Summary.BLACK_HOLE);
        assertThat(ReachAnalysis.summarize(List.of(reject.withProbability(1)))).isEqualTo(ReachCell.Summary.REJECTED);
        assertThat(ReachAnalysis.summarize(List.of(pass))).isEqualTo(ReachCell.Summary.NO_RULE);
        assertThat(ReachAnalysis.summarize(List.of(ep, pass.withProbability(0.5)))).isEqualTo(ReachCell.Summary.MIXED);
        assertThat(ReachAnalysis.summarize(List.of(ep, reject))).isEqualTo(ReachCell.Summary.PARTIAL);
    }

    @Test
    void theTextListsBlackHolesWithTheirReasonAndCollapsesIdenticalClients() {
        String text = ReachTextRenderer.render(nodeportLocal());
        assertThat(text).contains("BLACK HOLES (silently dropped: clients time out)\n"
                + "  ! F3  default/web:http node port 10.240.0.13:30080/TCP\n"
                + "    from host node-1, external 192.0.2.100 arriving at node-3\n"
                + "    why: externalTrafficPolicy is Local and node-3 has no ready endpoint of default/web:http: kube-proxy drops\n"
                + "      the traffic, since forwarding it to another node would need masquerade and lose the client's address\n"
                + "      that Local promises to keep\n"
                + "    rule: filter:KUBE-EXTERNAL-SERVICES rule 1\n");
        String hostnames = ReachTextRenderer.render(hostnames());
        assertThat(hostnames).contains("  host node-1, host node-2, host node-3\n"
                + "    1/3  10.244.1.7:9376  pod default/hostnames-632524106-ly40y (node-1)\n");
        assertThat(hostnames).contains("BLACK HOLES (silently dropped: clients time out): none\n");
    }

    @Test
    void jsonCarriesEveryCellWithExactProbabilities() {
        String json = ReachJsonRenderer.render(nodeportLocal());
        assertThat(json).startsWith("{\n  \"mode\": \"iptables\",\n  \"nodes\": [");
        assertThat(json).contains("\"cause\": \"external-policy-local\"", "\"summary\": \"black-hole\"",
                "\"decidedBy\": \"filter:KUBE-EXTERNAL-SERVICES rule 1\"", "\"fraction\": \"1/2\"");
    }
}
