package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.DROP;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.config.ConntrackSettings;
import dev.kpsim.core.conntrack.ConntrackEntry;
import dev.kpsim.core.conntrack.ConntrackTimeouts;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackTest {
    final NetfilterSimulator hostnames = NetfilterSimulator.of(Hostnames.ruleset(), Hostnames.env());

    static boolean visitsNat(Outcome o) {
        return o.hops().stream().anyMatch(s -> s instanceof Step.ChainStep c && c.table().equals("nat"));
    }

    @Test
    void laterPacketsOfAConnectionSkipNatAndKeepTheirDnat() {
        SimulationState s = new SimulationState(11);
        Packet p = Nf.tcp("10.244.3.6:41000", "10.0.1.175:80");
        Outcome first = hostnames.trace(p, EntryPoint.PREROUTING, s);
        assertThat(visitsNat(first)).isTrue();
        for (int i = 0; i < 20; i++) {
            Outcome again = hostnames.trace(p, EntryPoint.PREROUTING, s);
            assertThat(again.destination()).isEqualTo(first.destination());
            assertThat(again.masquerade()).isEqualTo(first.masquerade());
            assertThat(visitsNat(again)).isFalse();
            assertThat(again.hops()).anySatisfy(h -> assertThat(h).isInstanceOf(Step.ConntrackStep.class)
                    .satisfies(c -> assertThat(((Step.ConntrackStep) c).state()).isEqualTo("NEW")));
        }
        // and outcomes from this state know only one possibility
        assertThat(hostnames.outcomes(p, EntryPoint.PREROUTING, s)).singleElement()
                .satisfies(o -> assertThat(o.probability()).isEqualTo(1.0));
    }

    @Test
    void repliesAreUnNatedAndTheConnectionBecomesEstablished() {
        SimulationState s = new SimulationState(5);
        Packet p = Nf.tcp("10.244.3.7:41000", "10.0.1.175:80");
        Outcome first = hostnames.trace(p, EntryPoint.PREROUTING, s);
        HostPort ep = first.destination();
        Packet reply = Packet.of(p.protocol(), ep, p.sourceHostPort());
        Outcome back = hostnames.trace(reply, hostnames.defaultEntry(reply), s);
        assertThat(back.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(back.destination()).isEqualTo(p.sourceHostPort());
        assertThat(back.hops()).anySatisfy(h -> {
            assertThat(h).isInstanceOf(Step.TransformStep.class);
            Step.TransformStep t = (Step.TransformStep) h;
            assertThat(t.kind()).isEqualTo("conntrack un-DNAT");
            assertThat(t.after().sourceHostPort()).isEqualTo(p.destinationHostPort());
        });
        assertThat(back.hops()).contains(new Step.ConntrackStep("ESTABLISHED", "reply of " + "tcp 10.244.3.7:41000 > 10.0.1.175:80"
                + "; the nat table is not consulted, the connection's translation is reused"));
        Outcome next = hostnames.trace(p, EntryPoint.PREROUTING, s);
        assertThat(next.hops()).anySatisfy(h -> assertThat(h).isInstanceOf(Step.ConntrackStep.class)
                .satisfies(c -> assertThat(((Step.ConntrackStep) c).state()).isEqualTo("ESTABLISHED")));
        assertThat(next.destination()).isEqualTo(ep);
    }

    @Test
    void hairpinReplyIsUnSnatedAndUnDnated() {
        Ruleset rs = Nf.v4()
                .builtin("nat", "PREROUTING", "ACCEPT", rule(Nf.jump("SEP"), Nf.dst("10.0.1.175/32")))
                .builtin("nat", "POSTROUTING", "ACCEPT", rule(Nf.masquerade(), Nf.mark(0x4000, 0x4000, false)))
                .chain("nat", "SEP", rule(Nf.orMark(0x4000), Nf.src("10.244.3.6/32")), rule(Nf.dnat("10.244.3.6:9376")))
                .build();
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        SimulationState s = new SimulationState(1);
        Outcome out = sim.trace(Nf.tcp("10.244.3.6:40000", "10.0.1.175:80"), EntryPoint.PREROUTING, s);
        assertThat(out.destination()).hasToString("10.244.3.6:9376");
        assertThat(out.newSource()).isEqualTo(IpAddress.parse("10.244.3.1"));
        Outcome back = sim.trace(Nf.tcp("10.244.3.6:9376", "10.244.3.1:40000"), EntryPoint.PREROUTING, s);
        List<Step.TransformStep> t = back.hops().stream().filter(h -> h instanceof Step.TransformStep)
                .map(h -> (Step.TransformStep) h).toList();
        assertThat(t).extracting(Step.TransformStep::kind).containsExactly("conntrack un-SNAT", "conntrack un-DNAT");
        assertThat(t.get(1).after()).hasToString("tcp 10.0.1.175:80 > 10.244.3.6:40000");
        assertThat(back.masquerade()).isFalse();
    }

    @Test
    void droppedFirstPacketsAreNotTracked() {
        Ruleset rs = Nf.v4().builtin("filter", "FORWARD", "ACCEPT", rule(DROP, Nf.ctstate(false, CtState.NEW))).build();
        SimulationState s = new SimulationState(1);
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        Packet p = Nf.tcp("203.0.113.5:1234", "10.244.1.7:80");
        assertThat(sim.trace(p, EntryPoint.PREROUTING, s).verdict()).isEqualTo(Verdict.DROP);
        assertThat(sim.trace(p, EntryPoint.PREROUTING, s).verdict()).isEqualTo(Verdict.DROP);
        assertThat(NetfilterStateView.conntrack(s)).isEmpty();
    }

    @Test
    void unrepliedUdpExpiresAfterThirtySeconds() {
        Ruleset rs = Nf.v4().builtin("nat", "PREROUTING", "ACCEPT", rule(Nf.dnat("10.244.1.7:53"), Nf.dst("10.0.0.10/32"))).build();
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        SimulationState s = new SimulationState(1);
        Packet p = Nf.udp("10.244.3.6:5353", "10.0.0.10:53");
        assertThat(visitsNat(sim.trace(p, EntryPoint.PREROUTING, s))).isTrue();
        s.advanceMillis(29_999);
        assertThat(visitsNat(sim.trace(p, EntryPoint.PREROUTING, s))).as("refreshed at 29.999 s").isFalse();
        s.advanceMillis(30_000);
        assertThat(visitsNat(sim.trace(p, EntryPoint.PREROUTING, s))).as("expired 30 s after the last packet").isTrue();
    }

    @Test
    void establishedTcpLivesForKubeProxysTimeoutOrTheKernelDefault() {
        Ruleset rs = Nf.v4().build();
        for (ConntrackTimeouts t : List.of(ConntrackTimeouts.kernelDefaults(), ConntrackTimeouts.from(ConntrackSettings.defaults()))) {
            NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env()).withTimeouts(t);
            SimulationState s = new SimulationState(1);
            Packet syn = Nf.tcp("203.0.113.5:1234", "10.244.1.7:80");
            sim.trace(syn, EntryPoint.PREROUTING, s);
            sim.trace(Packet.of(syn.protocol(), syn.destinationHostPort(), syn.sourceHostPort()), EntryPoint.PREROUTING, s);
            sim.trace(syn, EntryPoint.PREROUTING, s);
            ConntrackEntry e = NetfilterStateView.conntrack(s).get(0);
            assertThat(e.seenReply()).isTrue();
            assertThat(e.expiresMillis()).isEqualTo(t.tcpEstablished() * 1000L);
            s.advanceMillis(t.tcpEstablished() * 1000L - 1);
            assertThat(NetfilterStateView.conntrack(s)).hasSize(1);
            s.advanceMillis(1);
            assertThat(NetfilterStateView.conntrack(s)).isEmpty();
        }
        assertThat(ConntrackTimeouts.kernelDefaults().tcpEstablished()).isEqualTo(432_000);
        assertThat(ConntrackTimeouts.from(ConntrackSettings.defaults()).tcpEstablished()).isEqualTo(86_400);
    }

    @Test
    void timeoutsPerProtocolAndStage() {
        ConntrackTimeouts k = ConntrackTimeouts.kernelDefaults();
        assertThat(k.timeoutFor(dev.kpsim.core.net.Protocol.TCP, false, false, 0)).isEqualTo(120);
        assertThat(k.timeoutFor(dev.kpsim.core.net.Protocol.TCP, true, false, 0)).isEqualTo(60);
        assertThat(k.timeoutFor(dev.kpsim.core.net.Protocol.UDP, false, false, 0)).isEqualTo(30);
        assertThat(k.timeoutFor(dev.kpsim.core.net.Protocol.UDP, false, true, 1_000)).isEqualTo(30);
        assertThat(k.timeoutFor(dev.kpsim.core.net.Protocol.UDP, false, true, 2_001)).isEqualTo(120);
        assertThat(k.timeoutFor(dev.kpsim.core.net.Protocol.SCTP, false, false, 0)).isEqualTo(3);
        assertThat(k.timeoutFor(dev.kpsim.core.net.Protocol.SCTP, false, true, 0)).isEqualTo(210);
        assertThat(k.timeoutFor(dev.kpsim.core.net.Protocol.ICMP, false, false, 0)).isEqualTo(30);
    }

    @Test
    void sourcePortIsRemappedWhenTheMasqueradedTupleIsTaken() {
        Ruleset rs = Nf.v4().builtin("nat", "POSTROUTING", "ACCEPT", rule(Nf.masquerade(), Nf.outIf("eth0"))).build();
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        SimulationState s = new SimulationState(1);
        Outcome a = sim.trace(Nf.tcp("10.244.3.6:40000", "203.0.113.9:80"), EntryPoint.PREROUTING, s);
        Outcome b = sim.trace(Nf.tcp("10.244.3.7:40000", "203.0.113.9:80"), EntryPoint.PREROUTING, s);
        assertThat(a.newSource()).isEqualTo(b.newSource());
        assertThat(b.hops()).anySatisfy(h -> {
            assertThat(h).isInstanceOf(Step.TransformStep.class);
            assertThat(((Step.TransformStep) h).kind()).isEqualTo("source port remap");
            assertThat(((Step.TransformStep) h).after().sourcePort()).isEqualTo(40001);
        });
        assertThat(NetfilterStateView.conntrack(s)).hasSize(2);
    }

    @Test
    void outcomesDoNotChangeTheState() {
        NetfilterSimulator sim = NetfilterSimulator.of(Hostnames.ruleset(true), Hostnames.env());
        SimulationState s = new SimulationState(1);
        sim.outcomes(Nf.tcp("10.244.3.7:1", "10.0.1.175:80"), EntryPoint.PREROUTING, s);
        assertThat(NetfilterStateView.conntrack(s)).isEmpty();
        assertThat(dev.kpsim.core.conntrack.NetfilterState.of(s, "node-3").recent().names()).isEmpty();
        assertThat(sim.outcomes(Nf.tcp("10.244.3.7:2", "10.0.1.175:80"), EntryPoint.PREROUTING, s)).hasSize(3);
    }
}
