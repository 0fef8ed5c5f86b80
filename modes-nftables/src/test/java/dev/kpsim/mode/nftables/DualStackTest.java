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
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IPv6: {@code ip6} table, endpoint names with dots for colons, {@code [addr]:port} DNAT, per-family simulation. */
class DualStackTest {

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void bothTablesAreGeneratedWithIpv6Syntax(String version) {
        String nft = DualStack.dataPlane(version).render("nft");
        assertThat(nft).contains("table ip kube-proxy {", "table ip6 kube-proxy {",
                "endpoint-3JGWWON6-default/dual/tcp/http__fd00.10.244.1..5/8080",
                "meta l4proto tcp dnat to [fd00:10:244:1::5]:8080",
                "ip6 daddr fd00:10:96::/112 drop comment \"Drop traffic to unallocated ClusterIPs\"",
                "elements = { 2001:db8::11 }");
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void externalClientOnIpv6NodePortReachesOnlyTheLocalEndpoint(String version) {
        Simulator sim = DualStack.dataPlane(version).simulator(NodeEnvironment.of(DualStack.cluster(), "node-1"))
                .orElseThrow();
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("[2001:db8:99::1]:40000"), HostPort.parse("[2001:db8::11]:30080"));
        List<Outcome> out = sim.outcomes(p, EntryPoint.PREROUTING, new SimulationState(5));
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.destination()).isEqualTo(HostPort.parse("[fd00:10:244:1::5]:8080"));
            assertThat(o.masquerade()).isFalse();
        });
        Packet pod = Packet.of(Protocol.TCP, HostPort.parse("[fd00:10:244:1::9]:40000"),
                HostPort.parse("[fd00:10:96::33]:80"));
        List<Outcome> fromPod = sim.outcomes(pod, EntryPoint.PREROUTING, new SimulationState(5));
        assertThat(fromPod).hasSize(2).allSatisfy(o -> assertThat(o.probability()).isCloseTo(0.5, within(1e-12)));
    }
}
