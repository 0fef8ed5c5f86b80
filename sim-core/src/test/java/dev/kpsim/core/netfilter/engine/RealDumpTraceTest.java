package dev.kpsim.core.netfilter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real {@code iptables-save} dumps (kube-proxy mixed with Docker, flannel, CNI portmap, Calico) parsed and traced. */
class RealDumpTraceTest {

    static Ruleset dump(String name) throws IOException {
        try (InputStream in = RealDumpTraceTest.class.getResourceAsStream("/dumps/" + name)) {
            return IptablesParser.parseDump(new String(in.readAllBytes(), StandardCharsets.UTF_8), name).ruleset();
        }
    }

    /** node-1 of the flannel cluster: 192.168.56.11, pods 10.244.1.0/24 behind cni0. */
    static NodeEnvironment flannelNode() {
        return new NodeEnvironment("node-1", List.of(IpAddress.parse("192.168.56.11")),
                Map.of(IpAddress.parse("10.244.1.5"), "default/web-1", IpAddress.parse("10.244.1.6"), "default/web-2",
                        IpAddress.parse("10.244.1.9"), "default/client"),
                Map.of(Cidr.parse("10.244.0.0/24"), "node-0", Cidr.parse("10.244.2.0/24"), "node-2"),
                List.of(Cidr.parse("10.244.1.0/24")), "cni0", "eth0", "veth");
    }

    static NetfilterSimulator flannel() throws IOException {
        return NetfilterSimulator.of(dump("kube-proxy-1.29-nft-flannel-docker.txt"), flannelNode());
    }

    static List<Outcome> outcomes(NetfilterSimulator sim, Packet p) {
        return sim.outcomes(p, sim.defaultEntry(p), new SimulationState(1));
    }

    @Test
    void clusterIpFromAPodSpreadsOverThreeEndpointsThroughDockerAndFlannelChains() throws IOException {
        List<Outcome> out = outcomes(flannel(), Nf.tcp("10.244.1.9", "10.96.110.42:80"));
        assertThat(out).extracting(o -> o.destination().toString())
                .containsExactly("10.244.1.5:8080", "10.244.1.6:8080", "10.244.2.7:8080");
        for (Outcome o : out) {
            assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(o.probability()).isCloseTo(1.0 / 3, within(1e-6));
            assertThat(o.masquerade()).isFalse();
            assertThat(o.uncertain()).isFalse();
        }
        // the forward was accepted by flannel's rule despite FORWARD's DROP policy
        assertThat(out.get(2).hops()).anySatisfy(h -> assertThat(h).isInstanceOf(Step.RuleStep.class).satisfies(r ->
                assertThat(((Step.RuleStep) r).ruleText())
                        .isEqualTo("-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT")));
    }

    @Test
    void nodePortFromOutsideIsMasqueraded() throws IOException {
        List<Outcome> out = outcomes(flannel(), Nf.tcp("203.0.113.5:5555", "192.168.56.11:30080"));
        assertThat(out).hasSize(3).allSatisfy(o -> {
            assertThat(o.masquerade()).isTrue();
            assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        });
        assertThat(out.get(0).newSource()).as("toward a local pod: the bridge address").isEqualTo(IpAddress.parse("10.244.1.1"));
        assertThat(out.get(2).newSource()).as("toward another node: the node address").isEqualTo(IpAddress.parse("192.168.56.11"));
    }

    @Test
    void serviceWithoutEndpointsIsRejected() throws IOException {
        assertThat(outcomes(flannel(), Nf.tcp("10.244.1.9", "10.96.200.7:80"))).singleElement().satisfies(o -> {
            assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
            assertThat(o.destination()).isNull();
        });
    }

    @Test
    void dnsOverUdpHasTwoEqualOutcomes() throws IOException {
        assertThat(outcomes(flannel(), Nf.udp("10.244.1.9", "10.96.0.10:53"))).extracting(Outcome::probability)
                .containsExactly(0.5, 0.5);
    }

    @Test
    void cniHostPortFromLocalhostIsMarkedAndMasqueraded() throws IOException {
        Outcome o = outcomes(flannel(), Nf.tcp("127.0.0.1", "127.0.0.1:8443")).get(0);
        assertThat(o.destination()).hasToString("10.244.1.12:443");
        assertThat(o.masquerade()).isTrue();
        assertThat(o.newSource()).isEqualTo(IpAddress.parse("10.244.1.1"));
    }

    @Test
    void sessionAffinityInARealDumpSticks() throws IOException {
        NetfilterSimulator sim = flannel();
        SimulationState s = new SimulationState(4);
        Outcome first = sim.trace(Nf.tcp("10.244.1.9:30000", "10.96.110.42:80"), EntryPoint.PREROUTING, s);
        for (int port = 30001; port < 30011; port++) {
            assertThat(sim.trace(Nf.tcp("10.244.1.9:" + port, "10.96.110.42:80"), EntryPoint.PREROUTING, s).destination())
                    .isEqualTo(first.destination());
        }
    }

    @Test
    void oldFiveDigitProbabilitiesGiveTheKernelsExactShares() throws IOException {
        Ruleset rs = IptablesParser.parseDump("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :KUBE-SVC-X - [0:0]
                -A PREROUTING -d 10.0.1.175/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-X
                -A KUBE-SVC-X -p tcp -m statistic --mode random --probability 0.33332999982 -j DNAT --to-destination 10.244.1.7:9376
                -A KUBE-SVC-X -p tcp -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 10.244.2.3:9376
                -A KUBE-SVC-X -p tcp -j DNAT --to-destination 10.244.3.6:9376
                COMMIT
                """, "old.txt").ruleset();
        List<Outcome> out = outcomes(NetfilterSimulator.of(rs, flannelNode()), Nf.tcp("203.0.113.5", "10.0.1.175:80"));
        double p1 = 715_820_724.0 / RandomMatch.SCALE;
        assertThat(out).extracting(Outcome::probability).containsExactly(p1, (1 - p1) / 2, (1 - p1) / 2);
    }

    @Test
    void calicoSetMatchesWithoutIpsetsAreUncertainAndReported() throws IOException {
        NetfilterSimulator sim = NetfilterSimulator.of(dump("kube-proxy-1.10-legacy-calico.txt"),
                NodeEnvironment.ofAddresses("calico-node", List.of(IpAddress.parse("192.168.1.20"))));
        assertThat(sim.compiled().unsupported()).isNotEmpty();
        Packet fromPod = Nf.tcp("192.168.7.3", "10.103.55.20:80");
        // without its cali* interface the pod's packet is not accepted by Calico and FORWARD's policy drops it
        assertThat(outcomes(sim, fromPod)).allSatisfy(o -> assertThat(o.verdict()).isEqualTo(Verdict.DROP));
        List<Outcome> out = outcomes(sim, fromPod.withInterfaces("cali3a1b2c4d5e6", null));
        assertThat(out.stream().mapToDouble(Outcome::probability).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(out).allSatisfy(o -> {
            assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(o.uncertain()).as("Calico's ipset matches in cali-nat-outgoing are not known").isTrue();
        });
        assertThat(out).anyMatch(Outcome::masquerade).anyMatch(o -> !o.masquerade());
        assertThat(out).extracting(o -> o.destination() == null ? null : o.destination().ip().toString())
                .contains("192.168.2.14", "192.168.3.21");
    }

    @Test
    void ipvsModeDumpAsksTheIpsetLookup() throws IOException {
        Ruleset rs = dump("kube-proxy-1.23-ipvs-legacy-counters.txt");
        NodeEnvironment env = NodeEnvironment.ofAddresses("ipvs-node", List.of(IpAddress.parse("192.168.56.21")));
        IpsetLookup sets = (name, dirs, p) -> switch (name) {
            case "KUBE-CLUSTER-IP" -> p.destination().equals(IpAddress.parse("10.96.0.1")) ? IpsetMembership.MEMBER
                    : IpsetMembership.NOT_MEMBER;
            default -> IpsetMembership.NOT_MEMBER;
        };
        NetfilterSimulator sim = NetfilterSimulator.of(rs, env).withIpsets(sets);
        List<Outcome> out = outcomes(sim, Nf.tcp("192.168.56.21", "10.96.0.1:443"));
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.uncertain()).isFalse();
            assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(o.masquerade()).as("KUBE-CLUSTER-IP with a source outside the cluster CIDR is masqueraded").isTrue();
        });
        assertThat(outcomes(NetfilterSimulator.of(rs, env), Nf.tcp("192.168.56.21", "10.96.0.1:443")))
                .anyMatch(Outcome::uncertain);
    }
}
