package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.DROP;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.MultiportMatch;
import dev.kpsim.core.netfilter.match.NfacctMatch;
import dev.kpsim.core.netfilter.match.NthMatch;
import dev.kpsim.core.netfilter.match.PhysdevMatch;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.SetMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.StateMatch;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each match module against the kernel's semantics: a filter rule {@code MATCH -j DROP} in INPUT, FORWARD, OUTPUT. */
class MatchSemanticsTest {
    /** Outside client to a pod on another node: PREROUTING → FORWARD, in eth0, out eth0. */
    static final Packet OUTSIDE_TO_REMOTE = Nf.tcp("203.0.113.5:1234", "10.244.1.7:9376");
    /** Local pod to local pod: bridged, in cni0, out cni0. */
    static final Packet POD_TO_POD = Nf.tcp("10.244.3.6:1234", "10.244.3.7:80");
    /** Node process to a remote pod: OUTPUT. */
    static final Packet NODE_TO_REMOTE = Nf.tcp("192.168.0.13:1234", "10.244.1.7:9376");

    static Ruleset dropWhen(Match... m) {
        return Nf.v4().builtin("filter", "INPUT", "ACCEPT", rule(DROP, m))
                .builtin("filter", "FORWARD", "ACCEPT", rule(DROP, m))
                .builtin("filter", "OUTPUT", "ACCEPT", rule(DROP, m)).build();
    }

    static Outcome trace(Ruleset rs, Packet p) {
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        return sim.trace(p, sim.defaultEntry(p), new SimulationState(7));
    }

    static boolean matches(Match m, Packet p) {
        return trace(dropWhen(m), p).verdict() == Verdict.DROP;
    }

    @Test
    void addressMatchesPrefixAndNegation() {
        assertThat(matches(Nf.src("203.0.113.0/24"), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.src("203.0.114.0/24"), OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(Nf.notSrc("203.0.114.0/24"), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.dst("10.244.1.7/32"), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.notDst("10.244.0.0/16"), OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(Nf.dst("0.0.0.0/0"), OUTSIDE_TO_REMOTE)).isTrue();
    }

    @Test
    void interfacesFollowTheRoute() {
        assertThat(matches(Nf.in("eth0"), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.outIf("eth0"), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.in("cni0"), POD_TO_POD)).isTrue();
        assertThat(matches(Nf.outIf("cni0"), POD_TO_POD)).isTrue();
        assertThat(matches(Nf.in("eth+"), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.in("cni+"), OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(new InterfaceMatch(true, "cni0", true), OUTSIDE_TO_REMOTE)).isTrue();
        // a locally generated packet has no input interface: -i never matches, ! -i always does
        assertThat(matches(Nf.in("+"), NODE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.in("eth0"), NODE_TO_REMOTE)).isFalse();
        assertThat(matches(new InterfaceMatch(true, "eth0", true), NODE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.outIf("eth0"), NODE_TO_REMOTE)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"tcp,false,true", "TCP,false,true", "6,false,true", "udp,false,false", "all,false,true",
            "udp,true,true", "tcp,true,false", "sctp,false,false", "gre,false,false"})
    void protocol(String proto, boolean negated, boolean expected) {
        assertThat(matches(new ProtocolMatch(proto, negated), OUTSIDE_TO_REMOTE)).isEqualTo(expected);
    }

    @Test
    void portsWithRangesNegationAndModuleProtocol() {
        assertThat(matches(new PortMatch("tcp", null, PortRange.single(9376), List.of()), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new PortMatch("tcp", null, new PortRange(9000, 9999, false), List.of()), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new PortMatch("tcp", null, new PortRange(9000, 9999, true), List.of()), OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(new PortMatch("tcp", new PortRange(1234, 1234, false), null, List.of()), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new PortMatch("udp", null, PortRange.single(9376), List.of()), OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(new PortMatch("tcp", null, PortRange.single(9376), List.of()),
                Nf.udp("203.0.113.5:1234", "10.244.1.7:9376"))).isFalse();
    }

    @Test
    void portOptionsKpsimDoesNotModelMakeTheRuleUncertain() {
        Ruleset rs = dropWhen(new PortMatch("tcp", null, PortRange.single(9376), List.of("--syn")));
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        List<Outcome> out = sim.outcomes(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).extracting(Outcome::verdict).containsExactly(Verdict.ACCEPT, Verdict.DROP);
        assertThat(out).allMatch(Outcome::uncertain);
        assertThat(out).allSatisfy(o -> assertThat(o.probability()).isEqualTo(0.5));
    }

    @Test
    void multiport() {
        List<PortRange> ports = List.of(PortRange.single(80), new PortRange(9000, 9400, false));
        assertThat(matches(new MultiportMatch(Side.DESTINATION, ports, false), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new MultiportMatch(Side.SOURCE, ports, false), OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(new MultiportMatch(null, List.of(PortRange.single(1234)), false), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new MultiportMatch(Side.DESTINATION, ports, true), OUTSIDE_TO_REMOTE)).isFalse();
    }

    @Test
    void commentAndNfacctAlwaysMatch() {
        assertThat(matches(new CommentMatch("anything \"quoted\""), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new NfacctMatch("ct_state_invalid_dropped_pkts"), OUTSIDE_TO_REMOTE)).isTrue();
    }

    @Test
    void markWithMaskAndNegation() {
        Packet marked = new Packet(Protocol.TCP, IpAddress.parse("192.168.0.13"), 1, IpAddress.parse("10.244.1.7"), 80,
                0x4001, null, null);
        assertThat(matches(new MarkMatch(0x4000, 0x4000, false), marked)).isTrue();
        assertThat(matches(new MarkMatch(0x4000, MarkMatch.FULL_MASK, false), marked)).isFalse();
        assertThat(matches(new MarkMatch(0x4001, MarkMatch.FULL_MASK, false), marked)).isTrue();
        assertThat(matches(new MarkMatch(0x4000, 0x4000, true), marked)).isFalse();
        assertThat(matches(new MarkMatch(0x4000, 0x4000, true), NODE_TO_REMOTE)).isTrue();
    }

    @Test
    void randomProbabilityIsTheKernelValueOverTwoToThe31() {
        Ruleset rs = dropWhen(RandomMatch.of("0.3333333333", false));
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        List<Outcome> out = sim.outcomes(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1));
        double p = (double) RandomMatch.of("0.3333333333", false).kernelValue() / (1L << 31);
        assertThat(out).extracting(Outcome::verdict).containsExactly(Verdict.ACCEPT, Verdict.DROP);
        assertThat(out.get(1).probability()).isEqualTo(p);
        assertThat(out.get(0).probability()).isEqualTo(1 - p);
        List<Outcome> negated = NetfilterSimulator.of(dropWhen(RandomMatch.of("0.25", true)), Hostnames.env())
                .outcomes(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(negated.get(1).probability()).isEqualTo(0.75);
    }

    @Test
    void randomProbabilityZeroAndOneDoNotBranch() {
        assertThat(NetfilterSimulator.of(dropWhen(RandomMatch.of("1.0", false)), Hostnames.env())
                .outcomes(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1)))
                .singleElement().satisfies(o -> assertThat(o.verdict()).isEqualTo(Verdict.DROP));
        assertThat(NetfilterSimulator.of(dropWhen(RandomMatch.of("0.0", false)), Hostnames.env())
                .outcomes(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1)))
                .singleElement().satisfies(o -> assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT));
    }

    @Test
    void randomTraceFollowsTheSeededDrawAndMatchesAboutTheRightShare() {
        NetfilterSimulator sim = NetfilterSimulator.of(dropWhen(RandomMatch.of("0.25", false)), Hostnames.env())
                .withHops(false);
        SimulationState s = new SimulationState(42);
        int drops = 0;
        for (int i = 0; i < 4000; i++) {
            Packet p = OUTSIDE_TO_REMOTE.withSource(OUTSIDE_TO_REMOTE.source(), 1024 + i);
            if (sim.trace(p, EntryPoint.PREROUTING, s).verdict() == Verdict.DROP) {
                drops++;
            }
        }
        assertThat(drops / 4000.0).isCloseTo(0.25, within(0.03));
    }

    @Test
    void nthMatchesEveryNthPacketFromThePacketOffset() {
        for (int packet = 0; packet < 3; packet++) {
            NetfilterSimulator sim = NetfilterSimulator.of(dropWhen(new NthMatch(3, packet, false)), Hostnames.env());
            SimulationState s = new SimulationState(1);
            StringBuilder seen = new StringBuilder();
            for (int i = 0; i < 7; i++) {
                Packet p = OUTSIDE_TO_REMOTE.withSource(OUTSIDE_TO_REMOTE.source(), 2000 + i);
                // outcomes predicts the next packet without advancing the counter
                Verdict predicted = sim.outcomes(p, EntryPoint.PREROUTING, s).get(0).verdict();
                Verdict v = sim.trace(p, EntryPoint.PREROUTING, s).verdict();
                assertThat(predicted).isEqualTo(v);
                seen.append(v == Verdict.DROP ? 'x' : '.');
            }
            String expected = switch (packet) {
                case 0 -> "x..x..x";
                case 1 -> ".x..x..";
                default -> "..x..x.";
            };
            assertThat(seen).as("--every 3 --packet %d", packet).hasToString(expected);
        }
    }

    @Test
    void conntrackStateOfAFirstPacketIsNewAndRawTableSeesNoConnection() {
        assertThat(matches(Nf.ctstate(false, CtState.NEW), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(Nf.ctstate(false, CtState.ESTABLISHED, CtState.RELATED), OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(Nf.ctstate(true, CtState.ESTABLISHED, CtState.RELATED, CtState.DNAT), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new StateMatch(Set.of(CtState.NEW), false), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new StateMatch(Set.of(CtState.NEW), true), OUTSIDE_TO_REMOTE)).isFalse();
        // raw PREROUTING runs before conntrack (priority -300 < -200): no connection yet, so INVALID
        Ruleset raw = Nf.v4().builtin("raw", "PREROUTING", "ACCEPT", rule(DROP, Nf.ctstate(false, CtState.INVALID))).build();
        assertThat(trace(raw, OUTSIDE_TO_REMOTE).verdict()).isEqualTo(Verdict.DROP);
        Ruleset rawOrig = Nf.v4().builtin("raw", "PREROUTING", "ACCEPT", rule(DROP,
                new ConntrackMatch(null, false, Cidr.parse("10.244.1.7/32"), false, null, List.of()))).build();
        assertThat(trace(rawOrig, OUTSIDE_TO_REMOTE).verdict()).as("no connection: only a state test can match")
                .isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void ctorigdstSeesTheDestinationBeforeDnat() {
        Ruleset rs = Nf.v4()
                .builtin("nat", "PREROUTING", "ACCEPT", rule(Nf.dnat("10.244.1.7:9376"), Nf.dst("10.0.1.175/32")))
                .builtin("filter", "FORWARD", "ACCEPT",
                        rule(DROP, new ConntrackMatch(EnumSet.of(CtState.DNAT), false, Cidr.parse("10.0.1.175/32"), false,
                                PortRange.single(80), List.of())))
                .build();
        Outcome o = trace(rs, Nf.tcp("203.0.113.5:1234", "10.0.1.175:80"));
        assertThat(o.verdict()).isEqualTo(Verdict.DROP);
        assertThat(o.destination()).hasToString("10.244.1.7:9376");
        Ruleset port = Nf.v4()
                .builtin("nat", "PREROUTING", "ACCEPT", rule(Nf.dnat("10.244.1.7:9376"), Nf.dst("10.0.1.175/32")))
                .builtin("filter", "FORWARD", "ACCEPT", rule(DROP, new ConntrackMatch(null, false, null, false,
                        PortRange.single(9376), List.of())))
                .build();
        assertThat(trace(port, Nf.tcp("203.0.113.5:1234", "10.0.1.175:80")).verdict()).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void addrtypeLocalIsTheNodesAddressesAndLoopback() {
        AddrtypeMatch dstLocal = new AddrtypeMatch(null, false, "LOCAL", false, false, false);
        assertThat(matches(dstLocal, Nf.tcp("203.0.113.5:1234", "192.168.0.13:30080"))).isTrue();
        assertThat(matches(dstLocal, Nf.tcp("192.168.0.13:1234", "127.0.0.1:30080"))).isTrue();
        assertThat(matches(dstLocal, OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(new AddrtypeMatch("LOCAL", false, null, false, false, false), NODE_TO_REMOTE)).isTrue();
        assertThat(matches(new AddrtypeMatch("LOCAL", true, null, false, false, false), NODE_TO_REMOTE)).isFalse();
        assertThat(matches(new AddrtypeMatch(null, false, "UNICAST", false, false, false), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new AddrtypeMatch(null, false, "MULTICAST", false, false, false),
                Nf.udp("203.0.113.5:1234", "224.0.0.251:5353"))).isTrue();
        assertThat(matches(new AddrtypeMatch(null, false, "BROADCAST", false, false, false),
                Nf.udp("10.244.3.6:68", "10.244.3.255:67"))).isTrue();
        // --limit-iface-in: the node address counts as LOCAL only when it belongs to the incoming interface
        AddrtypeMatch limited = new AddrtypeMatch(null, false, "LOCAL", false, true, false);
        assertThat(matches(limited, Nf.tcp("203.0.113.5:1234", "192.168.0.13:30080"))).isTrue();
        assertThat(matches(limited, Nf.tcp("10.244.3.6:1234", "192.168.0.13:30080"))).isFalse();
    }

    @Test
    void addrtypeTypesKpsimDoesNotModelAreUncertain() {
        NetfilterSimulator sim = NetfilterSimulator.of(dropWhen(new AddrtypeMatch(null, false, "BLACKHOLE", false, false, false)),
                Hostnames.env());
        assertThat(sim.outcomes(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1)))
                .hasSize(2).allMatch(Outcome::uncertain);
    }

    @Test
    void setMatchAsksTheLookupAndUnknownSetsAreUncertain() {
        SetMatch m = new SetMatch("KUBE-CLUSTER-IP", List.of(Side.DESTINATION, Side.DESTINATION), false, List.of());
        IpsetLookup lookup = (name, dirs, p) -> name.equals("KUBE-CLUSTER-IP")
                ? (p.destination().equals(IpAddress.parse("10.244.1.7")) && p.destinationPort() == 9376
                ? IpsetMembership.MEMBER : IpsetMembership.NOT_MEMBER)
                : IpsetMembership.UNKNOWN_SET;
        NetfilterSimulator sim = NetfilterSimulator.of(dropWhen(m), Hostnames.env()).withIpsets(lookup);
        assertThat(sim.trace(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1)).verdict()).isEqualTo(Verdict.DROP);
        assertThat(sim.trace(Nf.tcp("203.0.113.5:1234", "10.244.1.7:80"), EntryPoint.PREROUTING, new SimulationState(1))
                .verdict()).isEqualTo(Verdict.ACCEPT);
        NetfilterSimulator negated = NetfilterSimulator.of(dropWhen(new SetMatch("KUBE-CLUSTER-IP",
                List.of(Side.DESTINATION, Side.DESTINATION), true, List.of())), Hostnames.env()).withIpsets(lookup);
        assertThat(negated.trace(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1)).verdict())
                .isEqualTo(Verdict.ACCEPT);
        NetfilterSimulator unknown = NetfilterSimulator.of(dropWhen(m), Hostnames.env());
        List<Outcome> out = unknown.outcomes(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).hasSize(2).allMatch(Outcome::uncertain);
        assertThat(unknown.trace(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1)))
                .satisfies(o -> {
                    assertThat(o.uncertain()).isTrue();
                    assertThat(o.verdict()).as("a seeded trace assumes 'may match'").isEqualTo(Verdict.DROP);
                });
    }

    @Test
    void physdevFollowsXtPhysdev() {
        String vethA = new Interfaces(Hostnames.env()).vethOf(IpAddress.parse("10.244.3.6"));
        String vethB = new Interfaces(Hostnames.env()).vethOf(IpAddress.parse("10.244.3.7"));
        // bridged pod-to-pod traffic
        assertThat(matches(new PhysdevMatch(null, false, null, false, null, null, true), POD_TO_POD)).isTrue();
        assertThat(matches(new PhysdevMatch(vethA, false, vethB, false, true, true, null), POD_TO_POD)).isTrue();
        assertThat(matches(new PhysdevMatch("veth+", false, null, false, null, null, null), POD_TO_POD)).isTrue();
        assertThat(matches(new PhysdevMatch(vethB, false, null, false, null, null, null), POD_TO_POD)).isFalse();
        assertThat(matches(new PhysdevMatch(vethB, true, null, false, null, null, null), POD_TO_POD)).isTrue();
        // routed from a pod to another node: came in through a bridge port, not bridged out
        Packet podOut = Nf.tcp("10.244.3.6:1234", "10.244.1.7:80");
        assertThat(matches(new PhysdevMatch(null, false, null, false, true, null, null), podOut)).isTrue();
        assertThat(matches(new PhysdevMatch(null, false, null, false, null, null, true), podOut)).isFalse();
        assertThat(matches(new PhysdevMatch(null, false, null, false, null, null, false), podOut)).isTrue();
        assertThat(matches(new PhysdevMatch(null, false, "veth+", true, null, null, null), podOut))
                .as("--physdev-out with no output port never matches, even negated").isFalse();
        // never touched a bridge: only negated options match
        assertThat(matches(new PhysdevMatch(null, false, null, false, null, null, true), OUTSIDE_TO_REMOTE)).isFalse();
        assertThat(matches(new PhysdevMatch(null, false, null, false, false, null, null), OUTSIDE_TO_REMOTE)).isTrue();
        assertThat(matches(new PhysdevMatch("veth+", true, null, false, null, null, null), OUTSIDE_TO_REMOTE)).isTrue();
    }

    @Test
    void unknownMatchExploresBothBranchesAndIsMarkedUncertain() {
        NetfilterSimulator sim = NetfilterSimulator.of(dropWhen(new UnknownMatch("connlimit", List.of("--connlimit-above", "2"))),
                Hostnames.env());
        List<Outcome> out = sim.outcomes(OUTSIDE_TO_REMOTE, EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).extracting(Outcome::verdict).containsExactly(Verdict.ACCEPT, Verdict.DROP);
        assertThat(out).allMatch(Outcome::uncertain);
        assertThat(out.get(1).hops()).anySatisfy(s -> assertThat(s).isEqualTo(new Step.UncertainStep(
                "-m connlimit --connlimit-above 2", "not modeled; assumed to match")));
        assertThat(sim.compiled().unsupported()).singleElement()
                .satisfies(d -> assertThat(d.code()).isEqualTo("unmodeled-match"));
    }

    @Test
    void ipv6PacketsUseIpv6Rules() {
        Ruleset rs = new Nf.Builder(dev.kpsim.core.net.IpFamily.IPV6)
                .builtin("filter", "FORWARD", "ACCEPT", rule(DROP, Nf.dst("fd00:10::/64"), Nf.proto("tcp"))).build();
        dev.kpsim.core.engine.NodeEnvironment env = dev.kpsim.core.engine.NodeEnvironment.ofAddresses("n",
                List.of(IpAddress.parse("fd00::13")));
        NetfilterSimulator sim = NetfilterSimulator.of(rs, env);
        Packet p = Packet.of(Protocol.TCP, HostPort.parse("[2001:db8::5]:1000"), HostPort.parse("[fd00:10::7]:80"));
        assertThat(sim.trace(p, sim.defaultEntry(p), new SimulationState(1)).verdict()).isEqualTo(Verdict.DROP);
    }
}
