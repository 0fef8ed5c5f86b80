package dev.kpsim.emulator.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.emulator.fixtures.Shop;
import dev.kpsim.emulator.topology.TopologyPlanner;
import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.mode.nftables.NftablesMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Predictions for ClientIP affinity follow the kernel's history; plain services are predicted from a fresh state. */
class PredictorTest {

    private static final Categories CATS = new Categories(TopologyPlanner.plan(Shop.cluster(), Shop.NODE_A, "kpsim-1-abc-"), Protocol.TCP);

    private static Simulator sim(String mode) {
        var dp = mode.equals("iptables") ? new IptablesMode().generate(Shop.input(mode)) : new NftablesMode().generate(Shop.input(mode));
        return dp.simulator(NodeEnvironment.of(Shop.cluster(), Shop.NODE_A)).orElseThrow();
    }

    private static Packet from(int port, HostPort to) {
        return Packet.of(Protocol.TCP, new HostPort(Shop.CLIENT_A, port), to);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables", "nftables"})
    void plainServicesAreIndependentAndSticky(String mode) {
        History history = new History(1);
        Predictor p = new Predictor(sim(mode), EntryPoint.PREROUTING, CATS::of, 1, history);
        HostPort shop = new HostPort(Shop.CLUSTER_IP, 443);
        assertThat(p.historyDependent(from(40000, shop), from(40001, shop))).isFalse();
        assertThat(p.independent(from(40000, shop), 3)).hasSize(3).allSatisfy(o -> assertThat(o).hasSize(2));
        HostPort sticky = new HostPort(Shop.STICKY_IP, 80);
        assertThat(p.historyDependent(from(40000, sticky), from(40001, sticky))).isTrue();
        assertThat(p.settled(from(40000, sticky))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables", "nftables"})
    void affinityPredictionsFollowWhereTheKernelsFirstConnectionWent(String mode) {
        HostPort sticky = new HostPort(Shop.STICKY_IP, 80);
        for (String kernelChoice : List.of("default/shop-a", "default/shop-b")) {
            History history = new History(7);
            Predictor p = new Predictor(sim(mode), EntryPoint.PREROUTING, CATS::of, 7, history);
            List<Packet> packets = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                packets.add(from(40000 + i, sticky));
            }
            List<String> notes = new ArrayList<>();
            List<List<Outcome>> predicted = p.conditioned(packets, Collections.nCopies(4, kernelChoice), notes);
            assertThat(notes).isEmpty();
            // the first connection could go to either pod; the others are sure to follow it
            assertThat(predicted.get(0)).hasSize(2);
            for (List<Outcome> later : predicted.subList(1, 4)) {
                assertThat(later).singleElement().satisfies(o -> assertThat(CATS.of(o)).isEqualTo(kernelChoice));
            }
            assertThat(p.settled(from(40010, sticky))).isTrue();
            // the copy of the memory is the memory: looking ahead on it changes nothing
            assertThat(p.settled(from(40011, sticky))).isTrue();
            // the memory outlives the cell: a new predictor on the same history starts stuck
            Predictor next = new Predictor(sim(mode), EntryPoint.PREROUTING, CATS::of, 7, history);
            assertThat(next.historyDependent(from(40020, sticky), from(40021, sticky))).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables", "nftables"})
    void aSingleEndpointWithAffinityIsSettledOnlyOnceItsListIsWritten(String mode) {
        // sticky over one endpoint: the first connection goes one way, but writes the affinity list, so the next one
        // passes the affinity rule instead
        var in = Shop.input(mode);
        var cluster = in.cluster();
        var slices = cluster.endpointSlices().stream().map(s -> s.serviceName().equals("sticky")
                ? new EndpointSlice(s.namespace(), s.name(), s.serviceName(), s.addressType(), s.ports(),
                        s.endpoints().subList(0, 1), s.location()) : s).toList();
        var one = new Cluster(cluster.nodes(), cluster.pods(), cluster.services(), slices);
        var input = new ProxyInput(one, in.config(), in.nodeName());
        var dp = mode.equals("iptables") ? new IptablesMode().generate(input) : new NftablesMode().generate(input);
        Simulator s = dp.simulator(NodeEnvironment.of(one, Shop.NODE_A)).orElseThrow();
        History history = new History(3);
        Predictor p = new Predictor(s, EntryPoint.PREROUTING, CATS::of, 3, history);
        HostPort sticky = new HostPort(Shop.STICKY_IP, 80);
        assertThat(p.settled(from(40000, sticky))).isFalse();
        List<String> notes = new ArrayList<>();
        p.conditioned(List.of(from(40000, sticky)), List.of("default/shop-a"), notes);
        assertThat(p.settled(from(40001, sticky))).isTrue();
        assertThat(notes).isEmpty();
    }
}
