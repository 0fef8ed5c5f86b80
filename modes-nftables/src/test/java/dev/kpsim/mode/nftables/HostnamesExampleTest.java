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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hostnames example in every flavour: a 3-way numgen choice, 1/3 per pod, and hairpin masquerade. */
class HostnamesExampleTest {

    private static final HostPort VIP = HostPort.parse("10.0.1.175:80");

    private static NftablesDataPlane dataPlane(String version) {
        return NftablesMode.generate(Hostnames.input(KubeProxyVersion.parse(version).orElseThrow()),
                NftGeneratorOptions.defaults());
    }

    private static Simulator simulator(NftablesDataPlane dp) {
        return dp.simulator(NodeEnvironment.of(Hostnames.cluster(), Hostnames.NODE)).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35"})
    void serviceChainHasThreeWayNumgenVmap(String version) {
        assertThat(dataPlane(version).render("nft")).contains("\tchain service-EJAJPSCL-default/hostnames/tcp/ {\n"
                + "\t\tip daddr 10.0.1.175 " + (version.equals("1.33") ? "tcp dport 80 " : "")
                + "ip saddr != 10.244.0.0/16 jump mark-for-masquerade\n"
                + "\t\tnumgen random mod 3 vmap { 0 : goto endpoint-VUNWOAHI-default/hostnames/tcp/__10.244.1.7/9376,"
                + " 1 : goto endpoint-5QRFDGDO-default/hostnames/tcp/__10.244.2.3/9376,"
                + " 2 : goto endpoint-ZV65KK6S-default/hostnames/tcp/__10.244.3.6/9376 }\n\t}\n");
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void eachPodGetsOneThird(String version) {
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.10:40000"), VIP);
        List<Outcome> out = simulator(dataPlane(version)).outcomes(p, EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).extracting(Outcome::destination).containsExactly(HostPort.parse("10.244.1.7:9376"),
                HostPort.parse("10.244.2.3:9376"), HostPort.parse("10.244.3.6:9376"));
        assertThat(out).allSatisfy(o -> {
            assertThat(o.probability()).isCloseTo(1.0 / 3, within(1e-12));
            assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(o.masquerade()).isFalse();
            assertThat(o.uncertain()).isFalse();
        });
        assertThat(out.get(0).hops()).contains(new Step.BranchStep("ip kube-proxy",
                "service-EJAJPSCL-default/hostnames/tcp/", version.equals("1.36") ? 1 : 2, 1.0 / 3, true));
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void podReachingItselfIsMasqueradedToTheBridgeAddress(String version) {
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.7:40000"), VIP);
        List<Outcome> out = simulator(dataPlane(version)).outcomes(p, EntryPoint.PREROUTING, new SimulationState(1));
        Outcome self = out.stream().filter(o -> o.destination().equals(HostPort.parse("10.244.1.7:9376")))
                .findFirst().orElseThrow();
        assertThat(self.masquerade()).isTrue();
        assertThat(self.newSource()).hasToString("10.244.1.1");
        assertThat(self.probability()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(out).filteredOn(o -> !o.destination().ip().toString().equals("10.244.1.7"))
                .hasSize(2).allSatisfy(o -> assertThat(o.masquerade()).isFalse());
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void seededTraceIsDeterministicAndReusesTheConnection(String version) {
        Simulator sim = simulator(dataPlane(version));
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.10:40000"), VIP);
        SimulationState s1 = new SimulationState(42);
        SimulationState s2 = new SimulationState(42);
        Outcome a = sim.trace(p, EntryPoint.PREROUTING, s1);
        Outcome b = sim.trace(p, EntryPoint.PREROUTING, s2);
        assertThat(a).isEqualTo(b);
        assertThat(a.probability()).isEqualTo(1.0);
        Outcome again = sim.trace(p, EntryPoint.PREROUTING, s1);
        assertThat(again.destination()).isEqualTo(a.destination());
        assertThat(again.hops()).first().isEqualTo(new Step.ConntrackStep("established",
                "packet of tcp 10.244.1.10 40000 10.0.1.175 80: its translation is reused, nat chains skipped"));
        assertThat(again.hops()).noneMatch(h -> h instanceof Step.BranchStep);
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void generationIsDeterministic(String version) {
        assertThat(dataPlane(version).render("nft")).isEqualTo(dataPlane(version).render("nft"));
        assertThat(dataPlane(version).render("nft-f")).isEqualTo(dataPlane(version).render("nft-f"));
    }
}
