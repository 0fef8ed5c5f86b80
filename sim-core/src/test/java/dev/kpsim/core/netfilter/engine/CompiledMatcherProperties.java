package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.MultiportMatch;
import dev.kpsim.core.netfilter.match.NthMatch;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.RecentMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The compiled matcher (every chain indexed) and the linear reference interpreter give identical results — outcomes
 * with their probabilities and every hop, and seeded traces that change conntrack, recent lists and nth counters —
 * for random rulesets (random chains, jumps and gotos, address/port/mark/statistic/... matches) and random packets.
 */
class CompiledMatcherProperties {
    static final String[] DSTS = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.244.3.6", "10.244.1.7", "192.168.0.13"};
    static final String[] SRCS = {"10.244.3.6", "10.244.1.7", "203.0.113.5", "192.168.0.13", "10.244.3.9"};
    static final int[] PORTS = {80, 443, 53, 8080, 9376};
    static final String[] PROBS = {"0.5000000000", "0.3333333333", "0.2500000000", "0.1000000000"};

    @Property(tries = 400)
    void compiledAndLinearAgree(@ForAll long seed) {
        Random r = new Random(seed);
        Ruleset rs = new Generator(r).ruleset();
        NetfilterSimulator linear = NetfilterSimulator.of(CompiledRuleset.linear(rs), Hostnames.env());
        NetfilterSimulator compiled = NetfilterSimulator.of(CompiledRuleset.compile(rs, 0), Hostnames.env());
        List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            packets.add(packet(r));
        }
        NetfilterSimulator fast = compiled.withHops(false);
        for (Packet p : packets) {
            EntryPoint e = linear.defaultEntry(p);
            List<Outcome> expected = outcomesOrNull(linear, p, e, new SimulationState(seed));
            assertThat(outcomesOrNull(compiled, p, e, new SimulationState(seed))).isEqualTo(expected);
            // a random ruleset whose chains are re-entered many times can branch past any limit: both refuse alike
            Assume.that(expected != null);
            assertThat(fast.outcomes(p, e, new SimulationState(seed))).isEqualTo(withoutHops(expected));
            assertThat(fast.walkCost(p, e, new SimulationState(seed))).isEqualTo(linear.walkCost(p, e, new SimulationState(seed)));
        }
        SimulationState a = new SimulationState(seed);
        SimulationState b = new SimulationState(seed);
        SimulationState c = new SimulationState(seed);
        for (int i = 0; i < 12; i++) {
            Packet p = packets.get(r.nextInt(packets.size()));
            if (r.nextInt(4) == 0) {
                p = Packet.of(p.protocol(), p.destinationHostPort(), p.sourceHostPort());
            }
            EntryPoint e = linear.defaultEntry(p);
            Outcome x = linear.trace(p, e, a);
            Outcome y = compiled.trace(p, e, b);
            assertThat(y).isEqualTo(x);
            assertThat(fast.trace(p, e, c)).isEqualTo(withoutHops(List.of(x)).get(0));
            long step = r.nextInt(3) * 20_000L;
            a.advanceMillis(step);
            b.advanceMillis(step);
            c.advanceMillis(step);
        }
    }

    static Packet packet(Random r) {
        Protocol proto = r.nextBoolean() ? Protocol.TCP : Protocol.UDP;
        return Packet.of(proto, new HostPort(IpAddress.parse(SRCS[r.nextInt(SRCS.length)]), 1024 + r.nextInt(40)),
                new HostPort(IpAddress.parse(DSTS[r.nextInt(DSTS.length)]), PORTS[r.nextInt(PORTS.length)]));
    }

    /** Random tables, chains and rules; jumps only go to user chains declared later, so there are no loops. */
    /** Paths explored per packet before giving up on a generated ruleset (the simulator's own limit is 1,000,000). */
    static final int PATH_LIMIT = 20_000;

    /** The packet's outcomes, or null if it has more than {@link #PATH_LIMIT} paths. */
    static List<Outcome> outcomesOrNull(NetfilterSimulator sim, Packet p, EntryPoint e, SimulationState s) {
        try {
            return sim.outcomes(p, e, s, PATH_LIMIT);
        } catch (BadInputException ex) {
            assertThat(ex.getMessage()).contains("possible paths");
            return null;
        }
    }

    /** The same outcomes as a simulator that records no hops reports them. */
    static List<Outcome> withoutHops(List<Outcome> outcomes) {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            out.add(new Outcome(o.probability(), o.verdict(), o.destination(), o.masquerade(), o.newSource(),
                    o.uncertain(), List.of()));
        }
        return out;
    }

    static final class Generator {
        private final Random r;
        private int branchy;

        Generator(Random r) {
            this.r = r;
        }

        Ruleset ruleset() {
            Nf.Builder b = Nf.v4();
            for (String t : List.of("mangle", "nat", "filter")) {
                int users = r.nextInt(5);
                for (String c : Table.builtinChains(t)) {
                    b.builtin(t, c, r.nextInt(5) == 0 ? "DROP" : "ACCEPT", rules(t, users, -1));
                }
                for (int u = 0; u < users; u++) {
                    b.chain(t, "U" + u, rules(t, users, u));
                }
            }
            return b.build();
        }

        private Rule[] rules(String table, int users, int self) {
            int n = r.nextInt(11);
            Rule[] rules = new Rule[n];
            for (int i = 0; i < n; i++) {
                rules[i] = rule(target(table, users, self), matches());
            }
            return rules;
        }

        private Match[] matches() {
            List<Match> ms = new ArrayList<>();
            if (chance(45)) {
                ms.add(chance(80) ? new AddressMatch(Side.DESTINATION, Cidr.host(ip(DSTS)), chance(15))
                        : new AddressMatch(Side.DESTINATION, Cidr.parse("10.0.0.0/24"), chance(30)));
            }
            if (chance(20)) {
                ms.add(new AddressMatch(Side.SOURCE, Cidr.parse(chance(50) ? "10.244.0.0/16" : "203.0.113.5/32"), chance(40)));
            }
            String proto = chance(50) ? "tcp" : "udp";
            if (chance(40)) {
                ms.add(new ProtocolMatch(proto, chance(15)));
            }
            if (chance(45)) {
                PortRange d = chance(80) ? new PortRange(port(), 0, false) : new PortRange(80, 443, chance(30));
                if (d.to() == 0) {
                    d = new PortRange(d.from(), d.from(), chance(10));
                }
                ms.add(new PortMatch(proto, chance(20) ? new PortRange(1024, 1030, false) : null, d, List.of()));
            }
            if (chance(25)) {
                ms.add(new CommentMatch("c"));
            }
            if (branchy < 5 && chance(18)) {
                branchy++;
                ms.add(RandomMatch.of(PROBS[r.nextInt(PROBS.length)], chance(10)));
            }
            if (chance(5)) {
                ms.add(new NthMatch(2 + r.nextInt(2), 0, false));
            }
            if (chance(15)) {
                ms.add(new MarkMatch(0x4000, 0x4000, chance(50)));
            }
            if (chance(10)) {
                ms.add(new ConntrackMatch(EnumSet.of(chance(50) ? CtState.NEW : CtState.ESTABLISHED), chance(30), null, false,
                        null, List.of()));
            }
            if (chance(8)) {
                ms.add(new AddrtypeMatch(null, false, "LOCAL", chance(30), false, false));
            }
            if (chance(8)) {
                ms.add(new MultiportMatch(Side.DESTINATION, List.of(PortRange.single(80), PortRange.single(443)), chance(20)));
            }
            if (chance(8)) {
                ms.add(new InterfaceMatch(chance(50), chance(50) ? "eth0" : "cni0", chance(20)));
            }
            if (chance(6)) {
                RecentMatch.Mode m = chance(50) ? RecentMatch.Mode.SET : RecentMatch.Mode.RCHECK;
                ms.add(new RecentMatch(m, "R", m == RecentMatch.Mode.RCHECK ? 30 : null, m == RecentMatch.Mode.RCHECK && chance(50),
                        null, false, "255.255.255.255", true, false));
            }
            if (branchy < 5 && chance(3)) {
                branchy++;
                ms.add(new UnknownMatch("connlimit", List.of("--connlimit-above", "1")));
            }
            Collections.shuffle(ms, r);
            return ms.toArray(new Match[0]);
        }

        private Target target(String table, int users, int self) {
            int roll = r.nextInt(100);
            boolean canJump = self + 1 < users;
            if (roll < 12) {
                return StandardTarget.ACCEPT;
            }
            if (roll < 20) {
                return StandardTarget.DROP;
            }
            if (roll < 30) {
                return StandardTarget.RETURN;
            }
            if (roll < 52 && canJump) {
                int to = self + 1 + r.nextInt(users - self - 1);
                return new JumpTarget("U" + to, roll >= 46);
            }
            if (roll < 62) {
                return chance(50) ? new MarkTarget(MarkTarget.Op.OR_MARK, 0x4000, 0, "0x4000")
                        : new MarkTarget(MarkTarget.Op.SET_XMARK, 0, 0x4000, "0x0/0x4000");
            }
            if (roll < 70) {
                return chance(50) ? NoTarget.INSTANCE : new ContinueTarget("LOG", List.of());
            }
            if (table.equals("nat")) {
                return roll < 88 ? Nf.dnat(DSTS[r.nextInt(DSTS.length)] + ":" + port()) : new MasqueradeTarget(null, false, true);
            }
            if (table.equals("filter") && roll < 80) {
                return new RejectTarget(null);
            }
            return StandardTarget.ACCEPT;
        }

        private boolean chance(int percent) {
            return r.nextInt(100) < percent;
        }

        private IpAddress ip(String[] pool) {
            return IpAddress.parse(pool[r.nextInt(pool.length)]);
        }

        private int port() {
            return PORTS[r.nextInt(PORTS.length)];
        }
    }
}
