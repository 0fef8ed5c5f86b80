package dev.kpsim.core.netfilter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * With an interceptor in the walk (re-injecting, rewriting, handing off to a second leg, keeping a counter in the
 * run's state), the compiled matcher and the linear reference interpreter still give identical outcomes and traces
 * for random rulesets and packets.
 */
class InterceptorProperties {

    /** A counter kept in the run's state: an interceptor's own memory. */
    static final class Counter {
        int n;
    }

    /**
     * Requests to 10.0.0.1-4 go round robin to two real servers and on from LOCAL_OUT; replies from them get their
     * virtual source back at FORWARD; 8080 on the node is a proxy that connects to 10.244.2.3:80.
     */
    static final class Toy implements PacketInterceptor {
        @Override
        public Set<Point> points() {
            return EnumSet.allOf(Point.class);
        }

        @Override
        public Interception intercept(Point point, InterceptContext ctx) {
            Packet p = ctx.packet();
            if (point == Point.SOCKET) {
                if (p.destinationPort() != 8080 || !ctx.firstPacket()) {
                    return Interception.PASS;
                }
                Packet leg = Packet.of(p.protocol(), new HostPort(ctx.sourceAddressFor(IpAddress.parse("10.244.2.3")), 50000),
                        HostPort.parse("10.244.2.3:80"));
                return new Interception.Handoff(List.of(new Step.ModeStep("toy", "proxy")), Optional.of(leg),
                        dev.kpsim.core.trace.Verdict.REJECT);
            }
            if (p.source().toString().startsWith("10.244.1.7") && point == Point.FORWARD) {
                Packet after = p.withSource(IpAddress.parse("10.0.0.1"), 80);
                return new Interception.Rewrite(after, List.of(new Step.TransformStep("toy un-DNAT", p, after)));
            }
            if (!p.destination().toString().startsWith("10.0.0.") || !ctx.firstPacket()) {
                return Interception.PASS;
            }
            Counter c = ctx.state().part(Counter.class, Counter::new);
            int pick = c.n;
            if (ctx.commit()) {
                c.n++;
            }
            Packet after = p.withDestination(IpAddress.parse(pick % 2 == 0 ? "10.244.1.7" : "10.244.3.6"), p.destinationPort());
            return new Interception.Reinject(after, List.of(new Step.ModeStep("toy", "pick " + pick),
                    new Step.TransformStep("toy DNAT", p, after)));
        }
    }

    @Property(tries = 200)
    void compiledAndLinearAgreeWithAnInterceptor(@ForAll long seed) {
        Random r = new Random(seed);
        Ruleset rs = new CompiledMatcherProperties.Generator(r).ruleset();
        Map<IpAddress, String> vips = new LinkedHashMap<>();
        for (int i = 1; i <= 4; i++) {
            vips.put(IpAddress.parse("10.0.0." + i), "kube-ipvs0");
        }
        Toy toy = new Toy();
        NetfilterSimulator linear = NetfilterSimulator.of(CompiledRuleset.linear(rs), Hostnames.env())
                .withLocalAddresses(vips).withInterceptor(toy);
        NetfilterSimulator compiled = NetfilterSimulator.of(CompiledRuleset.compile(rs, 0), Hostnames.env())
                .withLocalAddresses(vips).withInterceptor(toy);
        List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Packet p = CompiledMatcherProperties.packet(r);
            packets.add(r.nextInt(5) == 0 ? Packet.of(p.protocol(), p.sourceHostPort(), HostPort.parse("192.168.0.13:8080")) : p);
        }
        for (Packet p : packets) {
            EntryPoint e = linear.defaultEntry(p);
            List<Outcome> expected = CompiledMatcherProperties.outcomesOrNull(linear, p, e, new SimulationState(seed));
            assertThat(CompiledMatcherProperties.outcomesOrNull(compiled, p, e, new SimulationState(seed))).isEqualTo(expected);
            // a random ruleset whose chains are re-entered many times can branch past any limit: both refuse alike
            Assume.that(expected != null);
        }
        SimulationState a = new SimulationState(seed);
        SimulationState b = new SimulationState(seed);
        for (int i = 0; i < 12; i++) {
            Packet p = packets.get(r.nextInt(packets.size()));
            if (r.nextInt(4) == 0) {
                p = Packet.of(p.protocol(), p.destinationHostPort(), p.sourceHostPort());
            }
            EntryPoint e = linear.defaultEntry(p);
            List<Outcome> before = CompiledMatcherProperties.outcomesOrNull(linear, p, e, a);
            Assume.that(before != null);
            Outcome x = linear.trace(p, e, a);
            Outcome y = compiled.trace(p, e, b);
            assertThat(y).isEqualTo(x);
            if (before.size() == 1 && !x.uncertain()) {
                assertThat(x.destination()).isEqualTo(before.get(0).destination());
            }
            a.advanceMillis(r.nextInt(3) * 20_000L);
            b.advanceMillis(a.nowMillis() - b.nowMillis());
        }
    }

    @Property(tries = 50)
    void exploringOutcomesNeverMovesAnInterceptorsState(@ForAll long seed) {
        Random r = new Random(seed);
        Ruleset rs = new CompiledMatcherProperties.Generator(r).ruleset();
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env())
                .withLocalAddresses(Map.of(IpAddress.parse("10.0.0.1"), "kube-ipvs0")).withInterceptor(new Toy());
        SimulationState s = new SimulationState(seed);
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("203.0.113.5:40000"), HostPort.parse("10.0.0.1:80"));
        Assume.that(CompiledMatcherProperties.outcomesOrNull(sim, p, EntryPoint.PREROUTING, s) != null);
        assertThat(s.part(Counter.class, Counter::new).n).isZero();
    }
}
