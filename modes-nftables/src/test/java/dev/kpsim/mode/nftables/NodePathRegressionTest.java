package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.engine.path.NodePathSimulator;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by {@code kpsim emulate} against Linux 6.18 (docs/emulate.md): the node's bridge and routes decide
 * whether a connection the rules accepted completes.
 */
class NodePathRegressionTest {

    private static final HostPort VIP = HostPort.parse("10.0.1.175:80");

    private static NodePathSimulator simulator(boolean clusterCidr) {
        var cfg = Hostnames.config(KubeProxyVersion.LATEST);
        if (!clusterCidr) {
            cfg = cfg.toBuilder().clusterCidrs(List.of()).build();
        }
        NftablesDataPlane dp = NftablesMode.generate(new ProxyInput(Hostnames.cluster(), cfg, Hostnames.NODE), NftGeneratorOptions.defaults());
        return (NodePathSimulator) dp.simulator(NodeEnvironment.of(Hostnames.cluster(), Hostnames.NODE)).orElseThrow();
    }

    @Test
    void withoutAClusterCidrAnExternalClientReachesOnlyTheLocalEndpoint() {
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("203.0.113.10:40000"), VIP);
        List<Outcome> out = simulator(false).outcomes(p, EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).extracting(Outcome::verdict).containsExactly(Verdict.ACCEPT, Verdict.DROP, Verdict.DROP);
        assertThat(out.get(0).destination()).isEqualTo(HostPort.parse("10.244.1.7:9376"));
        assertThat(out.get(1).probability()).isCloseTo(1.0 / 3, within(1e-12));
        Step last = out.get(1).hops().get(out.get(1).hops().size() - 1);
        assertThat(last).isEqualTo(new Step.RoutingStep("reply bypasses node-1", "reply from 10.244.2.3 returns to 203.0.113.10 via "
                + "node-2, never un-DNATed from 10.244.2.3:9376 back to 10.0.1.175:80: the packet was not masqueraded, so the connection fails"));
        // with the cluster CIDR kube-proxy masquerades off-cluster clients, and every endpoint answers
        assertThat(simulator(true).outcomes(p, EntryPoint.PREROUTING, new SimulationState(1))).extracting(Outcome::verdict)
                .containsOnly(Verdict.ACCEPT);
    }

    @Test
    void aPodReachingItselfDependsOnTheHairpinMode() {
        Packet self = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.7:40000"), VIP);
        NodePathSimulator sim = simulator(true).withHairpinMode(HairpinMode.HAIRPIN_VETH);
        assertThat(sim.outcomes(self, EntryPoint.PREROUTING, new SimulationState(1))).extracting(Outcome::verdict).containsOnly(Verdict.ACCEPT);
        for (HairpinMode m : List.of(HairpinMode.NONE, HairpinMode.PROMISCUOUS_BRIDGE)) {
            List<Outcome> out = sim.withHairpinMode(m).outcomes(self, EntryPoint.PREROUTING, new SimulationState(1));
            assertThat(out).filteredOn(o -> o.verdict() == Verdict.DROP).singleElement()
                    .satisfies(o -> assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.1.7:9376")));
        }
    }
}
