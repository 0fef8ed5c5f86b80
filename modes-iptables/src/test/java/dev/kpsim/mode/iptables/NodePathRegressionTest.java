package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.Fixtures.ep;
import static dev.kpsim.mode.iptables.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.engine.path.NodePathSimulator;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by {@code kpsim emulate} against Linux 6.18 (docs/emulate.md), on the "Debug Services" cluster
 * (no clusterCIDR) with pod CIDRs: the node's bridge and routes decide whether a connection the rules accepted
 * completes.
 */
class NodePathRegressionTest {

    private static final HostPort VIP = HostPort.parse("10.0.1.175:80");

    static Cluster cluster() {
        Service svc = Service.builder("default", "hostnames").clusterIp(ip("10.0.1.175"))
                .port(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 0)).build();
        List<Node> nodes = List.of(
                new Node("node-1", List.of(ip("10.240.0.3")), List.of(Cidr.parse("10.244.1.0/24")), null, null),
                new Node("node-2", List.of(ip("10.240.0.4")), List.of(Cidr.parse("10.244.2.0/24")), null, null),
                new Node("node-3", List.of(ip("10.240.0.5")), List.of(Cidr.parse("10.244.3.0/24")), null, null));
        return Fixtures.cluster(nodes, List.of(svc), List.of(Fixtures.slice("default", "hostnames", "", 9376,
                ep("10.244.3.6", "node-3"), ep("10.244.1.7", "node-1"), ep("10.244.2.3", "node-2"))));
    }

    private static NodePathSimulator simulator() {
        IptablesDataPlane dp = new IptablesMode().generate(new ProxyInput(cluster(), ProxyConfig.defaults(), "node-1"));
        return (NodePathSimulator) dp.simulator(NodeEnvironment.of(cluster(), "node-1")).orElseThrow();
    }

    @Test
    void anExternalClientsRepliesFromRemoteEndpointsBypassTheNode() {
        List<Outcome> out = simulator().outcomes(Packet.of(Protocol.TCP, HostPort.parse("203.0.113.10:40000"), VIP),
                EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).extracting(Outcome::verdict, Outcome::destination).containsExactly(
                tuple(Verdict.ACCEPT, HostPort.parse("10.244.1.7:9376")),
                tuple(Verdict.DROP, HostPort.parse("10.244.2.3:9376")),
                tuple(Verdict.DROP, HostPort.parse("10.244.3.6:9376")));
        assertThat(out.get(1).hops().get(out.get(1).hops().size() - 1)).isEqualTo(new Step.RoutingStep("reply bypasses node-1",
                "reply from 10.244.2.3 returns to 203.0.113.10 via node-2, never un-DNATed from 10.244.2.3:9376 back to "
                        + "10.0.1.175:80: the packet was not masqueraded, so the connection fails"));
    }

    @Test
    void theNodeItselfAndItsPodsReachEveryEndpoint() {
        NodePathSimulator sim = simulator();
        assertThat(sim.outcomes(Packet.of(Protocol.TCP, HostPort.parse("10.240.0.3:40000"), VIP), EntryPoint.OUTPUT, new SimulationState(1)))
                .extracting(Outcome::verdict).containsOnly(Verdict.ACCEPT).hasSize(3);
        assertThat(sim.outcomes(Packet.of(Protocol.TCP, HostPort.parse("10.244.1.9:40000"), VIP), EntryPoint.PREROUTING, new SimulationState(1)))
                .extracting(Outcome::verdict).containsOnly(Verdict.ACCEPT).hasSize(3);
    }

    @Test
    void hairpinWithTheMasqueradeRuleWorksOnlyWithTheHairpinFlag() {
        Packet self = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.7:40000"), VIP);
        NodePathSimulator sim = simulator().withHairpinMode(HairpinMode.HAIRPIN_VETH);
        Outcome veth = sim.outcomes(self, EntryPoint.PREROUTING, new SimulationState(1)).get(0);
        assertThat(veth.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(veth.masquerade()).isTrue();
        assertThat(veth.newSource()).isEqualTo(ip("10.244.1.1"));
        for (HairpinMode m : List.of(HairpinMode.NONE, HairpinMode.PROMISCUOUS_BRIDGE)) {
            Outcome o = sim.withHairpinMode(m).outcomes(self, EntryPoint.PREROUTING, new SimulationState(1)).get(0);
            assertThat(o.verdict()).isEqualTo(Verdict.DROP);
            // the bridge loses the frame before FORWARD: the kernel's FORWARD and POSTROUTING counters stay still
            assertThat(o.hops()).noneMatch(s -> s instanceof Step.HookStep h && (h.hook() == Hook.FORWARD || h.hook() == Hook.POSTROUTING));
        }
    }
}
