package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
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

/** Locally generated traffic, reply packets through conntrack, and unmodelled statements. */
class EnginePathsTest {

    private static final HostPort VIP = HostPort.parse("10.0.1.175:80");

    private static Simulator hostnames() {
        return NftablesMode.generate(Hostnames.input(KubeProxyVersion.LATEST), NftGeneratorOptions.defaults())
                .simulator(NodeEnvironment.of(Hostnames.cluster(), Hostnames.NODE)).orElseThrow();
    }

    @Test
    void nodeProcessToClusterIpIsMasqueradedToTheOutgoingInterfaceAddress() {
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("192.168.1.11:50000"), VIP);
        List<Outcome> out = hostnames().outcomes(p, EntryPoint.OUTPUT, new SimulationState(1));
        assertThat(out).hasSize(3).allSatisfy(o -> {
            assertThat(o.masquerade()).isTrue();
            assertThat(o.probability()).isCloseTo(1.0 / 3, within(1e-12));
        });
        assertThat(out).extracting(o -> o.newSource().toString())
                .containsExactly("10.244.1.1", "192.168.1.11", "192.168.1.11");
        assertThat(out.get(0).hops()).contains(new Step.RoutingStep("reroute",
                "destination changed to 10.244.1.7:9376: routed out of cni0"));
    }

    @Test
    void replyIsUnDnattedThroughConntrack() {
        Simulator sim = hostnames();
        SimulationState s = new SimulationState(9);
        Packet syn = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.10:40000"), VIP);
        Outcome first = sim.trace(syn, EntryPoint.PREROUTING, s);
        Packet reply = Packet.of(Protocol.TCP, first.destination(), HostPort.parse("10.244.1.10:40000"));
        List<Outcome> back = sim.outcomes(reply, EntryPoint.PREROUTING, s);
        assertThat(back).singleElement().satisfies(o -> {
            assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.1.10:40000"));
            assertThat(o.hops()).anyMatch(h -> h instanceof Step.TransformStep t && t.kind().equals("un-DNAT (conntrack)")
                    && t.after().sourceHostPort().equals(VIP));
        });
    }

    @Test
    void unmodelledStatementIsFollowedBothWaysAndMarkedUncertain() {
        String dump = "table inet host {\n\tchain out {\n\t\ttype filter hook output priority filter; policy accept;\n"
                + "\t\tmeta skuid 1000 drop\n\t}\n}\n";
        Simulator sim = NftablesDataPlane.fromDump(dump, "host.nft")
                .simulator(NodeEnvironment.ofAddresses("n", List.of(dev.kpsim.core.net.IpAddress.parse("192.168.1.5"))))
                .orElseThrow();
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("192.168.1.5:40000"), HostPort.parse("1.1.1.1:443"));
        List<Outcome> out = sim.outcomes(p, EntryPoint.OUTPUT, new SimulationState(1));
        assertThat(out).extracting(Outcome::verdict).containsExactly(Verdict.DROP, Verdict.ACCEPT);
        assertThat(out).allSatisfy(o -> {
            assertThat(o.uncertain()).isTrue();
            assertThat(o.probability()).isEqualTo(0.5);
        });
        assertThat(out.get(0).hops()).anyMatch(h -> h instanceof Step.UncertainStep u
                && u.construct().equals("meta skuid 1000"));
    }

    @Test
    void gotoLoopStopsAndIsMarkedUncertain() {
        String dump = "table ip t {\n\tchain c {\n\t\ttype filter hook output priority filter; policy accept;\n"
                + "\t\tgoto loop\n\t}\n\n\tchain loop {\n\t\tgoto loop\n\t}\n}\n";
        Simulator sim = NftablesDataPlane.fromDump(dump, "loop.nft")
                .simulator(NodeEnvironment.ofAddresses("n", List.of(dev.kpsim.core.net.IpAddress.parse("192.168.1.5"))))
                .orElseThrow();
        Packet p = Packet.of(Protocol.UDP, HostPort.parse("192.168.1.5:40000"), HostPort.parse("1.1.1.1:53"));
        assertThat(sim.outcomes(p, EntryPoint.OUTPUT, new SimulationState(1))).singleElement()
                .satisfies(o -> assertThat(o.uncertain()).isTrue());
    }
}
