package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interpreter on a real node's {@code nft list ruleset}: kube-proxy's table next to an inet CNI table and
 * iptables-nft tables, with statements kpsim does not model.
 */
class SimulatorOnDumpTest {

    private static final HostPort VIP = HostPort.parse("10.0.1.175:80");

    private static Simulator simulator() {
        NftablesDataPlane dp = NftablesDataPlane.fromDump(KnftablesDump.resource("nft106/dump-mixed.list"), "node.nft");
        return dp.simulator(NodeEnvironment.of(Hostnames.cluster(), Hostnames.NODE)).orElseThrow();
    }

    @Test
    void dumpGivesOneThirdPerPodWithOtherTablesApplied() {
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.10:40000"), VIP);
        List<Outcome> out = simulator().outcomes(p, EntryPoint.PREROUTING, new SimulationState(3));
        assertThat(out).hasSize(3);
        assertThat(out).allSatisfy(o -> {
            assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(o.probability()).isCloseTo(1.0 / 3, within(1e-12));
        });
        Outcome local = out.get(0);
        assertThat(local.destination()).isEqualTo(HostPort.parse("10.244.1.7:9376"));
        assertThat(local.masquerade()).isFalse();
        assertThat(local.uncertain()).as("iifname cni0 oifname cni0 accepts before any unmodelled rule").isFalse();
        for (Outcome remote : out.subList(1, 3)) {
            assertThat(remote.masquerade()).as("iptables-nft nat POSTROUTING masquerades traffic leaving eth0").isTrue();
            assertThat(remote.newSource()).hasToString("192.168.1.11");
            assertThat(remote.uncertain()).as("the CNI forward chain has unmodelled statements").isTrue();
            assertThat(remote.hops()).anyMatch(h -> h instanceof Step.UncertainStep u
                    && u.construct().equals("tcp flags syn"));
        }
        assertThat(out.get(1).destination()).isEqualTo(HostPort.parse("10.244.2.3:9376"));
        assertThat(out.get(2).destination()).isEqualTo(HostPort.parse("10.244.3.6:9376"));
    }

    @Test
    void natChainsOfAllTablesRunInPriorityOrderAndStopAtTheFirstBinding() {
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.10:40000"), VIP);
        Outcome remote = simulator().outcomes(p, EntryPoint.PREROUTING, new SimulationState(3)).get(1);
        List<String> postroutingChains = remote.hops().stream()
                .dropWhile(h -> !(h instanceof Step.HookStep hs && hs.hook() == dev.kpsim.core.trace.Hook.POSTROUTING))
                .filter(h -> h instanceof Step.ChainStep).map(h -> ((Step.ChainStep) h).table() + " "
                        + ((Step.ChainStep) h).chain()).toList();
        assertThat(postroutingChains).containsExactly("ip kube-proxy nat-postrouting", "ip kube-proxy masquerading",
                "inet flannel-like postrtg", "ip nat POSTROUTING");
    }
}
