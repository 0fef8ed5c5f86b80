package dev.kpsim.mode.nftables;

import static dev.kpsim.mode.nftables.TestClusters.ep;
import static dev.kpsim.mode.nftables.TestClusters.epPort;
import static dev.kpsim.mode.nftables.TestClusters.port;
import static dev.kpsim.mode.nftables.TestClusters.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ClientIP session affinity: per-endpoint dynamic sets with a timeout, refreshed by every new connection. */
class AffinityTest {

    private static Cluster cluster() {
        return new TestClusters().node("node-1", List.of("192.168.1.11"), List.of("10.244.1.0/24"))
                .service(svc("default", "sticky", "10.0.2.10").port(port("web", Protocol.TCP, 80, 8080, 0))
                        .sessionAffinity(SessionAffinity.ClientIP, 60).build())
                .slice("default", "sticky", List.of(epPort("web", Protocol.TCP, 8080)),
                        List.of(ep("10.244.1.5", "node-1"), ep("10.244.2.5", "node-2"), ep("10.244.3.5", "node-3")))
                .build();
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void clientSticksToItsEndpointUntilTheTimeout(String version) {
        Cluster c = cluster();
        ProxyInput in = new ProxyInput(c, Hostnames.config(KubeProxyVersion.parse(version).orElseThrow()), "node-1");
        NftablesDataPlane dp = (NftablesDataPlane) new NftablesMode().generate(in);
        assertThat(dp.render("nft")).contains("\t\tsize 65535\n\t\tflags dynamic,timeout\n\t\ttimeout 1m\n");
        Simulator sim = dp.simulator(NodeEnvironment.of(c, "node-1")).orElseThrow();
        SimulationState state = new SimulationState(11);
        HostPort vip = HostPort.parse("10.0.2.10:80");
        Outcome first = sim.trace(Packet.of(Protocol.TCP, HostPort.parse("192.168.5.5:40000"), vip),
                EntryPoint.PREROUTING, state);
        Packet second = Packet.of(Protocol.TCP, HostPort.parse("192.168.5.5:40001"), vip);
        List<Outcome> sticky = sim.outcomes(second, EntryPoint.PREROUTING, state);
        assertThat(sticky).singleElement().satisfies(o -> {
            assertThat(o.destination()).isEqualTo(first.destination());
            assertThat(o.probability()).isEqualTo(1.0);
        });
        state.advanceMillis(61_000);
        List<Outcome> expired = sim.outcomes(second, EntryPoint.PREROUTING, state);
        assertThat(expired).hasSize(3).allSatisfy(o -> assertThat(o.probability()).isCloseTo(1.0 / 3, within(1e-12)));
    }
}
