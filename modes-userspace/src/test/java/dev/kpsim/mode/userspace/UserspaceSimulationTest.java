package dev.kpsim.mode.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.core.trace.render.OutcomeSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Userspace mode's packet path (historical): the portal rules send a connection to the proxy socket, the proxier
 * picks an endpoint and opens its own connection from the node — the second leg of the trace.
 */
class UserspaceSimulationTest {
    static final HostPort VIP = HostPort.parse("10.0.1.175:80");

    static Simulator simulator(ProxyInput in) {
        return Fixtures.generate(in).simulator(NodeEnvironment.of(in.cluster(), Fixtures.NODE)).orElseThrow();
    }

    static Packet tcp(String src, HostPort dst) {
        return Packet.of(Protocol.TCP, HostPort.parse(src), dst);
    }

    static List<String> picks(Simulator sim, SimulationState state, String client, int n, long gapMillis) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Packet p = tcp(client + ":" + (40000 + i), VIP);
            List<Outcome> exact = sim.outcomes(p, EntryPoint.PREROUTING, state);
            Outcome o = sim.trace(p, EntryPoint.PREROUTING, state);
            assertThat(exact).extracting(Outcome::destination).containsExactly(o.destination());
            assertThat(exact.get(0).probability()).isEqualTo(1.0);
            out.add(o.destination().ip().toString());
            state.advanceMillis(gapMillis);
        }
        return out;
    }

    @Test
    void roundRobinServesTheShuffledOrder() {
        ProxyInput in = Fixtures.hostnamesInput();
        List<String> order = Fixtures.generate(in).proxier().loadBalancer().state(Fixtures.HOSTNAMES).endpoints().stream()
                .map(h -> h.ip().toString()).toList();
        assertThat(order).containsExactly("10.244.0.5", "10.244.0.7", "10.244.0.6");
        assertThat(picks(simulator(in), new SimulationState(1), "10.244.0.9", 4, 0))
                .containsExactly("10.244.0.5", "10.244.0.7", "10.244.0.6", "10.244.0.5");
    }

    @Test
    void aPodsConnectionIsRedirectedAcceptedAndProxiedFromTheNodeInTwoLegs() {
        Outcome o = simulator(Fixtures.hostnamesInput()).trace(tcp("10.244.0.9:40000", VIP), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.0.5:9376"));
        assertThat(o.masquerade()).isTrue();
        assertThat(o.newSource()).isEqualTo(IpAddress.parse("10.244.0.1"));
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.HookStep).extracting(s -> ((Step.HookStep) s).hook())
                .containsExactly(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING);
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.TransformStep).extracting(s -> ((Step.TransformStep) s).kind())
                .containsExactly("REDIRECT", "userspace-proxy");
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.ConntrackStep).extracting(s -> ((Step.ConntrackStep) s).detail())
                .hasSize(2).last().asString().startsWith("first packet of tcp 10.244.0.1:").endsWith(" > 10.244.0.5:9376");
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.ModeStep).singleElement().asString()
                .contains("accepted 10.244.0.9:40000").contains("round robin -> 10.244.0.5:9376");
        assertThat(OutcomeSummary.describe(o)).isEqualTo("userspace-proxy to 10.244.0.5:9376, a new connection from"
                + " 10.244.0.1 (the endpoint does not see the client's address)");
    }

    @Test
    void theNodesOwnConnectionGoesThroughTheHostPortalAndAnEndpointElsewhereSeesTheNodeAddress() {
        Cluster c = Fixtures.cluster(List.of(Fixtures.hostnamesService().build()),
                List.of(Fixtures.slice("hostnames", "default", Protocol.TCP, 9376, List.of("10.244.7.5"))));
        ProxyInput in = new ProxyInput(c, Fixtures.config().userspaceProxyPort("default/hostnames:default", 48577).build(),
                Fixtures.NODE);
        Outcome o = simulator(in).trace(tcp("10.240.115.247:40000", VIP), EntryPoint.OUTPUT, new SimulationState(1));
        assertThat(o.hops()).anyMatch(s -> s instanceof Step.RuleStep r && r.chain().equals("KUBE-PORTALS-HOST")
                && r.action().equals("DNAT"));
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.7.5:9376"));
        assertThat(o.newSource()).isEqualTo(IpAddress.parse("10.240.115.247"));
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.HookStep).extracting(s -> ((Step.HookStep) s).hook())
                .containsExactly(Hook.OUTPUT, Hook.POSTROUTING, Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING);
    }

    @Test
    void clientIpAffinitySticksUntilItsRecordIsOlderThanTheTtl() {
        Cluster c = Fixtures.cluster(List.of(Fixtures.hostnamesService().sessionAffinity(SessionAffinity.ClientIP, 10800).build()),
                List.of(Fixtures.slice("hostnames", "default", Protocol.TCP, 9376, Fixtures.HOSTNAMES_PODS)));
        ProxyInput in = new ProxyInput(c, Fixtures.config().userspaceProxyPort("default/hostnames:default", 48577).build(),
                Fixtures.NODE);
        Simulator sim = simulator(in);
        SimulationState state = new SimulationState(1);
        assertThat(picks(sim, state, "10.244.0.9", 3, 60_000)).containsOnly("10.244.0.5");
        assertThat(picks(sim, state, "10.244.0.8", 2, 0)).containsExactly("10.244.0.7", "10.244.0.7");
        // 10.244.0.9 last used its record at 120 s; at 120 s + 10800 s it is 10800 s old, not younger than the ttl
        state.advanceMillis(10_800_000 - 180_000 + 120_000);
        assertThat(picks(sim, state, "10.244.0.9", 1, 0)).containsExactly("10.244.0.6");
    }

    @Test
    void withoutEndpointsTheProxierClosesTheConnection() {
        Cluster c = Fixtures.cluster(List.of(Fixtures.hostnamesService().build()), List.of());
        ProxyInput in = new ProxyInput(c, Fixtures.config().userspaceProxyPort("default/hostnames:default", 48577).build(),
                Fixtures.NODE);
        Outcome o = simulator(in).trace(tcp("10.244.0.9:40000", VIP), EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.0.1:48577"));
    }

    @Test
    void laterPacketsOfAnAcceptedConnectionStayAtTheSocket() {
        Simulator sim = simulator(Fixtures.hostnamesInput());
        SimulationState state = new SimulationState(1);
        sim.trace(tcp("10.244.0.9:40000", VIP), EntryPoint.PREROUTING, state);
        Outcome again = sim.trace(tcp("10.244.0.9:40000", VIP), EntryPoint.PREROUTING, state);
        assertThat(again.destination()).isEqualTo(HostPort.parse("10.244.0.1:48577"));
        assertThat(again.masquerade()).isFalse();
        assertThat(picks(sim, state, "10.244.0.8", 1, 0)).containsExactly("10.244.0.7");
    }

    @Test
    void theSaveFormatHoldsTheIssuesTwoLines() {
        String save = Fixtures.generate(Fixtures.hostnamesInput()).render("save");
        assertThat(save.lines().filter(l -> l.contains("hostnames")).toList()).containsExactly(
                "-A KUBE-PORTALS-CONTAINER -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames:default\" -m tcp --dport 80 -j REDIRECT --to-ports 48577",
                "-A KUBE-PORTALS-HOST -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames:default\" -m tcp --dport 80 -j DNAT --to-destination 10.240.115.247:48577");
        // iptables-nft-save lists filter before nat
        assertThat(save).startsWith("*filter\n:INPUT ACCEPT [0:0]\n").contains("\nCOMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n").endsWith("COMMIT\n");
    }
}
