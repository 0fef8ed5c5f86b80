package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.comment;
import static dev.kpsim.core.netfilter.engine.Nf.ctstate;
import static dev.kpsim.core.netfilter.engine.Nf.dnat;
import static dev.kpsim.core.netfilter.engine.Nf.masquerade;
import static dev.kpsim.core.netfilter.engine.Nf.prob;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.conntrack.NetfilterState;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.core.trace.render.OutcomeSummary;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The interception points of the walk: where they sit between the tables, what a rewrite, a re-injection from
 * LOCAL_OUT, an end and a socket hand-off do to the path, to conntrack and to the outcome.
 */
class PacketInterceptorTest {
    static final IpAddress VIP = IpAddress.parse("10.0.1.175");
    static final HostPort EP = HostPort.parse("10.244.1.7:9376");

    /** An interceptor answering from a function and remembering where it was consulted. */
    static final class Recorder implements PacketInterceptor {
        final Set<Point> points;
        final BiFunction<Point, InterceptContext, Interception> answer;
        final List<String> calls = new ArrayList<>();

        Recorder(Set<Point> points, BiFunction<Point, InterceptContext, Interception> answer) {
            this.points = points;
            this.answer = answer;
        }

        @Override
        public Set<Point> points() {
            return points;
        }

        @Override
        public Interception intercept(Point point, InterceptContext ctx) {
            calls.add(point + " " + ctx.packet().destinationHostPort() + (ctx.firstPacket() ? " first" : "")
                    + (ctx.replyDirection() ? " reply" : ""));
            return answer.apply(point, ctx);
        }
    }

    /** IPVS-like: a request to VIP:80 goes to EP via LOCAL_OUT; a reply from EP gets the VIP as source. */
    static Interception ipvsLike(PacketInterceptor.Point point, InterceptContext ctx) {
        Packet p = ctx.packet();
        if (p.sourceHostPort().equals(EP) && point != PacketInterceptor.Point.SOCKET) {
            Packet after = p.withSource(VIP, 80);
            return new Interception.Rewrite(after, List.of(new Step.TransformStep("IPVS un-DNAT", p, after)));
        }
        if (p.destination().equals(VIP) && p.destinationPort() == 80) {
            Packet after = p.withDestination(EP.ip(), EP.port());
            return new Interception.Reinject(after, List.of(new Step.ModeStep("ipvs", "rr chose " + EP),
                    new Step.TransformStep("IPVS DNAT", p, after)));
        }
        return Interception.PASS;
    }

    static NetfilterSimulator sim(Ruleset rs, PacketInterceptor i) {
        return NetfilterSimulator.of(rs, Hostnames.env()).withLocalAddresses(Map.of(VIP, "kube-ipvs0")).withInterceptor(i);
    }

    static List<String> visited(Outcome o) {
        return HookOrderTest.visited(o);
    }

    @Test
    void aRequestTakenAtLocalInIsSentOnFromOutputAfterFilterAndBeforeNatInput() {
        Recorder r = new Recorder(EnumSet.allOf(PacketInterceptor.Point.class), PacketInterceptorTest::ipvsLike);
        Outcome o = sim(HookOrderTest.everyChainCounts(), r).trace(Nf.tcp("203.0.113.5:40000", "10.0.1.175:80"),
                EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(visited(o)).containsExactly("raw:PREROUTING", "mangle:PREROUTING", "nat:PREROUTING", "mangle:INPUT",
                "filter:INPUT", "security:INPUT", "raw:OUTPUT", "mangle:OUTPUT", "filter:OUTPUT", "security:OUTPUT",
                "mangle:POSTROUTING", "nat:POSTROUTING");
        assertThat(r.calls).containsExactly("LOCAL_IN 10.0.1.175:80 first");
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(o.destination()).isEqualTo(EP);
        assertThat(o.hops()).contains(new Step.RoutingStep("sent on from LOCAL_OUT via eth0",
                "10.244.1.7 is in the pod CIDR of node node-1"));
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.RoutingStep).first()
                .isEqualTo(new Step.RoutingStep("local delivery", "10.0.1.175 is an address of this node (on kube-ipvs0)"));
        assertThat(OutcomeSummary.describe(o)).isEqualTo("IPVS DNAT to 10.244.1.7:9376 (was 10.0.1.175:80), masqueraded: no");
    }

    @Test
    void aLocalProcessRequestIsTakenAfterNatOutputAndGoesThroughOutputAgain() {
        Recorder r = new Recorder(EnumSet.allOf(PacketInterceptor.Point.class), PacketInterceptorTest::ipvsLike);
        Outcome o = sim(HookOrderTest.everyChainCounts(), r).trace(Nf.tcp("192.168.0.13:40000", "10.0.1.175:80"),
                EntryPoint.OUTPUT, new SimulationState(1));
        assertThat(visited(o)).containsExactly("raw:OUTPUT", "mangle:OUTPUT", "nat:OUTPUT", "raw:OUTPUT", "mangle:OUTPUT",
                "filter:OUTPUT", "security:OUTPUT", "mangle:POSTROUTING", "nat:POSTROUTING");
        assertThat(r.calls).containsExactly("LOCAL_OUT 10.0.1.175:80 first");
        assertThat(o.destination()).isEqualTo(EP);
    }

    /**
     * With {@code net.ipv4.vs.conntrack=1} the connection stays tracked: POSTROUTING masquerades it and later packets
     * reuse that; the reply tuple follows the real server, but the connection has no DST_NAT status, so the
     * destination is IPVS's to translate again, and a reply is un-NATed by IPVS at FORWARD, not by conntrack.
     */
    @Test
    void conntrackFollowsTheTranslationWithoutDstNatStatus() {
        Ruleset rs = Nf.v4()
                .builtin("filter", "OUTPUT", "ACCEPT", rule(Nf.DROP, ctstate(false, CtState.DNAT)))
                .builtin("nat", "POSTROUTING", "ACCEPT", rule(masquerade(), Nf.dst("10.244.1.7/32")))
                .build();
        Recorder r = new Recorder(EnumSet.allOf(PacketInterceptor.Point.class), PacketInterceptorTest::ipvsLike);
        NetfilterSimulator sim = sim(rs, r);
        SimulationState state = new SimulationState(1);
        Packet first = Nf.tcp("203.0.113.5:40000", "10.0.1.175:80");
        Outcome o = sim.trace(first, EntryPoint.PREROUTING, state);
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(o.masquerade()).isTrue();
        assertThat(o.newSource()).isEqualTo(IpAddress.parse("192.168.0.13"));
        var entries = NetfilterState.of(state, "node-3").conntrack().entries(0);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).destinationNat()).isFalse();
        assertThat(entries.get(0).sourceNat()).isTrue();
        assertThat(entries.get(0).reply().source()).isEqualTo(EP.ip());

        Outcome again = sim.trace(first, EntryPoint.PREROUTING, state);
        assertThat(r.calls).containsExactly("LOCAL_IN 10.0.1.175:80 first", "LOCAL_IN 10.0.1.175:80");
        assertThat(again.destination()).isEqualTo(EP);
        assertThat(again.hops()).extracting(s -> s instanceof Step.TransformStep t ? t.kind() : "")
                .contains("IPVS DNAT", "conntrack SNAT").doesNotContain("conntrack DNAT");

        Outcome reply = sim.trace(Nf.tcp("10.244.1.7:9376", "192.168.0.13:40000"), EntryPoint.PREROUTING, state);
        assertThat(r.calls.get(2)).isEqualTo("FORWARD 203.0.113.5:40000 reply");
        assertThat(reply.destination()).isEqualTo(HostPort.parse("203.0.113.5:40000"));
        assertThat(reply.hops()).filteredOn(s -> s instanceof Step.TransformStep).extracting(s -> ((Step.TransformStep) s).kind())
                .containsExactly("conntrack un-SNAT", "IPVS un-DNAT");
    }

    @Test
    void anInterceptorSeesOnlyItsPointsAndNeverAPacketItAlreadyChanged() {
        Recorder r = new Recorder(EnumSet.of(PacketInterceptor.Point.LOCAL_OUT), PacketInterceptorTest::ipvsLike);
        Outcome o = sim(Nf.v4().build(), r).trace(Nf.tcp("203.0.113.5:40000", "10.0.1.175:80"), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(r.calls).isEmpty();
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.0.1.175:80"));

        Recorder all = new Recorder(EnumSet.allOf(PacketInterceptor.Point.class), (p, c) -> {
            Packet pk = c.packet();
            return p == PacketInterceptor.Point.LOCAL_IN ? new Interception.Rewrite(pk.withDestination(pk.destination(),
                    8080), List.of()) : Interception.PASS;
        });
        sim(Nf.v4().build(), all).trace(Nf.tcp("203.0.113.5:40000", "192.168.0.13:80"), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(all.calls).containsExactly("LOCAL_IN 192.168.0.13:80 first", "SOCKET 192.168.0.13:8080 first");
    }

    @Test
    void anEndDropsOrRejectsAndTheSummarySaysWho() {
        Recorder r = new Recorder(EnumSet.of(PacketInterceptor.Point.LOCAL_IN), (p, c) -> new Interception.End(
                Verdict.REJECT, List.of(new Step.ModeStep("ipvs", "rr found no destination available"))));
        Outcome o = sim(Nf.v4().build(), r).trace(Nf.tcp("203.0.113.5:40000", "10.0.1.175:80"), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(OutcomeSummary.describe(o)).isEqualTo("REJECT by ipvs: rr found no destination available");
        assertThatThrownBy(() -> new Interception.End(Verdict.ACCEPT, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUncertainStepMakesTheOutcomeUncertainEvenWithoutHops() {
        Recorder r = new Recorder(EnumSet.of(PacketInterceptor.Point.LOCAL_IN), (p, c) -> new Interception.Rewrite(
                c.packet(), List.of(new Step.UncertainStep("ipvs scheduler lblc", "not modelled"))));
        Outcome o = sim(Nf.v4().build(), r).withHops(false).trace(Nf.tcp("203.0.113.5:40000", "10.0.1.175:80"),
                EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(o.uncertain()).isTrue();
        assertThat(o.hops()).isEmpty();
    }

    /** A proxy: what reaches 192.168.0.13:48577 is accepted and a new connection to {@code to} starts at OUTPUT. */
    static Interception proxy(PacketInterceptor.Point point, InterceptContext ctx, HostPort to) {
        Packet p = ctx.packet();
        if (p.destinationPort() != 48577) {
            return Interception.PASS;
        }
        Optional<Packet> second = to == null ? Optional.empty()
                : Optional.of(Packet.of(Protocol.TCP, new HostPort(ctx.sourceAddressFor(to.ip()), 50000), to));
        return new Interception.Handoff(List.of(new Step.ModeStep("userspace", "proxy accepted " + p.sourceHostPort())),
                second, Verdict.REJECT);
    }

    @Test
    void aSocketHandOffJoinsTheProxysOwnConnectionAsSecondLeg() {
        Ruleset rs = Nf.v4().builtin("nat", "OUTPUT", "ACCEPT", rule(dnat("10.244.2.3:9376"), prob("0.5000000000"),
                Nf.dst("10.244.1.7/32"))).build();
        Recorder r = new Recorder(EnumSet.of(PacketInterceptor.Point.SOCKET), (p, c) -> proxy(p, c, EP));
        NetfilterSimulator sim = sim(rs, r);
        Packet in = Nf.tcp("10.244.3.6:40000", "192.168.0.13:48577");
        SimulationState state = new SimulationState(1);
        List<Outcome> all = sim.outcomes(in, EntryPoint.PREROUTING, state);
        assertThat(all).extracting(Outcome::destination, Outcome::probability, Outcome::masquerade, Outcome::newSource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(EP, 0.5, true, IpAddress.parse("192.168.0.13")),
                        org.assertj.core.groups.Tuple.tuple(HostPort.parse("10.244.2.3:9376"), 0.5, true,
                                IpAddress.parse("192.168.0.13")));
        assertThat(NetfilterState.of(state, "node-3").conntrack().entries(0)).isEmpty();

        Outcome one = sim.trace(in, EntryPoint.PREROUTING, state);
        assertThat(one.hops()).filteredOn(s -> s instanceof Step.HookStep).extracting(s -> ((Step.HookStep) s).hook().name())
                .containsExactly("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
        assertThat(one.hops()).contains(new Step.ModeStep("userspace", "proxy accepted 10.244.3.6:40000"));
        assertThat(NetfilterState.of(state, "node-3").conntrack().entries(0)).extracting(e -> e.original().toString())
                .containsExactly("tcp 10.244.3.6:40000 > 192.168.0.13:48577", "tcp 192.168.0.13:50000 > 10.244.1.7:9376");
    }

    @Test
    void theSecondLegLeavesFromTheRoutesPreferredSourceAndAMissingLegEndsAtTheSocket() {
        Recorder local = new Recorder(EnumSet.of(PacketInterceptor.Point.SOCKET),
                (p, c) -> proxy(p, c, HostPort.parse("10.244.3.6:9376")));
        Outcome o = sim(Nf.v4().build(), local).trace(Nf.tcp("203.0.113.5:40000", "192.168.0.13:48577"),
                EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(o.newSource()).isEqualTo(IpAddress.parse("10.244.3.1"));
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.3.6:9376"));

        Recorder none = new Recorder(EnumSet.of(PacketInterceptor.Point.SOCKET), (p, c) -> proxy(p, c, null));
        Outcome closed = sim(Nf.v4().build(), none).trace(Nf.tcp("203.0.113.5:40000", "192.168.0.13:48577"),
                EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(closed.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(closed.destination()).isEqualTo(HostPort.parse("192.168.0.13:48577"));
        assertThat(closed.masquerade()).isFalse();
    }

    @Test
    void chainedHandOffsStopAfterALimit() {
        Recorder loop = new Recorder(EnumSet.of(PacketInterceptor.Point.SOCKET),
                (p, c) -> proxy(p, c, HostPort.parse("192.168.0.13:48577")));
        Outcome o = sim(Nf.v4().build(), loop).trace(Nf.tcp("203.0.113.5:40000", "192.168.0.13:48577"),
                EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(o.uncertain()).isTrue();
        assertThat(loop.calls).hasSize(PacketWalk.MAX_LEGS);
    }

    @Test
    void aHandOffAnywhereButAtTheSocketIsAnInterceptorBug() {
        Recorder bad = new Recorder(EnumSet.of(PacketInterceptor.Point.LOCAL_IN),
                (p, c) -> new Interception.Handoff(List.of(), Optional.empty(), Verdict.DROP));
        assertThatThrownBy(() -> sim(Nf.v4().build(), bad).trace(Nf.tcp("203.0.113.5:40000", "10.0.1.175:80"),
                EntryPoint.PREROUTING, new SimulationState(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAnInterceptorExtraLocalAddressesAreStillLocal() {
        Ruleset rs = Nf.v4().builtin("filter", "INPUT", "ACCEPT", rule(comment("input"))).build();
        Outcome o = NetfilterSimulator.of(rs, Hostnames.env()).withLocalAddresses(Map.of(VIP, "kube-ipvs0"))
                .trace(Nf.tcp("203.0.113.5:40000", "10.0.1.175:80"), EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(visited(o)).containsExactly("filter:INPUT");
        assertThat(NetfilterSimulator.of(rs, Hostnames.env()).withLocalAddresses(Map.of(VIP, "kube-ipvs0"))
                .defaultEntry(Nf.tcp("10.0.1.175:40000", "10.244.1.7:80"))).isEqualTo(EntryPoint.OUTPUT);
    }
}
