package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.comment;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tables and chains a packet meets, in which order (kernel hook priorities). */
class HookOrderTest {

    /** Every built-in chain of every table has one counting rule; the trace then lists them in visiting order. */
    static Ruleset everyChainCounts() {
        Nf.Builder b = Nf.v4();
        for (String t : List.of("raw", "mangle", "nat", "filter", "security")) {
            for (String c : Table.builtinChains(t)) {
                b.builtin(t, c, "ACCEPT", rule(comment(t + ":" + c)));
            }
        }
        return b.build();
    }

    static List<String> visited(Outcome o) {
        return o.hops().stream().filter(s -> s instanceof Step.RuleStep).map(s -> (Step.RuleStep) s)
                .map(r -> r.table() + ":" + r.chain()).toList();
    }

    static Outcome run(Packet p, EntryPoint e) {
        return NetfilterSimulator.of(everyChainCounts(), Hostnames.env()).trace(p, e, new SimulationState(1));
    }

    @Test
    void forwardedPacket() {
        assertThat(visited(run(Nf.tcp("203.0.113.5:1", "10.244.1.7:80"), EntryPoint.PREROUTING))).containsExactly(
                "raw:PREROUTING", "mangle:PREROUTING", "nat:PREROUTING", "mangle:FORWARD", "filter:FORWARD",
                "security:FORWARD", "mangle:POSTROUTING", "nat:POSTROUTING");
    }

    @Test
    void locallyDeliveredPacketMeetsNatInputLast() {
        assertThat(visited(run(Nf.tcp("203.0.113.5:1", "192.168.0.13:22"), EntryPoint.PREROUTING))).containsExactly(
                "raw:PREROUTING", "mangle:PREROUTING", "nat:PREROUTING", "mangle:INPUT", "filter:INPUT",
                "security:INPUT", "nat:INPUT");
    }

    @Test
    void locallyGeneratedPacket() {
        Outcome o = run(Nf.tcp("192.168.0.13:1", "10.244.1.7:80"), EntryPoint.OUTPUT);
        assertThat(visited(o)).containsExactly("raw:OUTPUT", "mangle:OUTPUT", "nat:OUTPUT", "filter:OUTPUT",
                "security:OUTPUT", "mangle:POSTROUTING", "nat:POSTROUTING");
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.HookStep)
                .containsExactly(new Step.HookStep(Hook.OUTPUT), new Step.HookStep(Hook.POSTROUTING));
    }

    @Test
    void locallyGeneratedPacketForTheNodeLoopsBackWithoutNat() {
        Outcome o = run(Nf.tcp("127.0.0.1:1", "127.0.0.1:10250"), EntryPoint.OUTPUT);
        assertThat(visited(o)).containsExactly("raw:OUTPUT", "mangle:OUTPUT", "nat:OUTPUT", "filter:OUTPUT",
                "security:OUTPUT", "mangle:POSTROUTING", "nat:POSTROUTING", "raw:PREROUTING", "mangle:PREROUTING",
                "mangle:INPUT", "filter:INPUT", "security:INPUT");
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.ConntrackStep).hasSize(1);
    }

    @Test
    void conntrackIsBetweenRawAndMangle() {
        List<Step> hops = run(Nf.tcp("203.0.113.5:1", "10.244.1.7:80"), EntryPoint.PREROUTING).hops();
        int raw = indexOfRule(hops, "raw");
        int ct = hops.indexOf(hops.stream().filter(s -> s instanceof Step.ConntrackStep).findFirst().orElseThrow());
        int mangle = indexOfRule(hops, "mangle");
        assertThat(raw).isLessThan(ct);
        assertThat(ct).isLessThan(mangle);
    }

    private static int indexOfRule(List<Step> hops, String table) {
        for (int i = 0; i < hops.size(); i++) {
            if (hops.get(i) instanceof Step.RuleStep r && r.table().equals(table)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void defaultEntryIsOutputForTheNodesOwnSources() {
        NetfilterSimulator sim = NetfilterSimulator.of(everyChainCounts(), Hostnames.env());
        assertThat(sim.defaultEntry(Nf.tcp("192.168.0.13", "10.0.1.175:80"))).isEqualTo(EntryPoint.OUTPUT);
        assertThat(sim.defaultEntry(Nf.tcp("127.0.0.1", "10.0.1.175:80"))).isEqualTo(EntryPoint.OUTPUT);
        assertThat(sim.defaultEntry(Nf.tcp("10.244.3.1", "10.0.1.175:80"))).as("the bridge address is the node's")
                .isEqualTo(EntryPoint.OUTPUT);
        assertThat(sim.defaultEntry(Nf.tcp("10.244.3.6", "10.0.1.175:80"))).isEqualTo(EntryPoint.PREROUTING);
        assertThat(sim.defaultEntry(Nf.tcp("203.0.113.5", "10.0.1.175:80"))).isEqualTo(EntryPoint.PREROUTING);
    }

    @Test
    void kubeProxyMasqueradesOnlyMarkedPacketsAndClearsTheMark() {
        NetfilterSimulator sim = NetfilterSimulator.of(Hostnames.ruleset(), Hostnames.env());
        // from the node: ! -s 10.244.0.0/16 marks 0x4000, KUBE-POSTROUTING xors it away and masquerades
        Outcome fromNode = sim.trace(Nf.tcp("192.168.0.13", "10.0.1.175:80"), EntryPoint.OUTPUT, new SimulationState(1));
        assertThat(fromNode.masquerade()).isTrue();
        List<Step.TransformStep> marks = fromNode.hops().stream().filter(s -> s instanceof Step.TransformStep t
                && t.kind().equals("MARK")).map(s -> (Step.TransformStep) s).toList();
        assertThat(marks).extracting(t -> t.after().mark()).containsExactly(0x4000, 0);
        assertThat(fromNode.hops()).contains(new Step.RuleStep("nat", "KUBE-POSTROUTING", 3,
                "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully",
                "MASQUERADE", null));
        // from a pod to a remote endpoint: no mark, KUBE-POSTROUTING returns at rule 1
        for (long seed = 0; seed < 10; seed++) {
            Outcome o = sim.trace(Nf.tcp("10.244.3.6", "10.0.1.175:80"), EntryPoint.PREROUTING, new SimulationState(seed));
            if (!o.destination().ip().equals(IpAddress.parse("10.244.3.6"))) {
                assertThat(o.masquerade()).isFalse();
                assertThat(o.hops()).contains(new Step.RuleStep("nat", "KUBE-POSTROUTING", 1,
                        "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN", "RETURN", null));
            }
        }
    }

    @Test
    void outputIsReroutedAfterDnatSoMasqueradeUsesTheNewInterface() {
        Ruleset rs = Nf.v4()
                .builtin("nat", "OUTPUT", "ACCEPT", rule(Nf.dnat("10.244.3.6:9376"), Nf.dst("10.0.1.175/32")))
                .builtin("nat", "POSTROUTING", "ACCEPT", rule(Nf.masquerade()))
                .build();
        Outcome o = NetfilterSimulator.of(rs, Hostnames.env()).trace(Nf.tcp("192.168.0.13", "10.0.1.175:80"),
                EntryPoint.OUTPUT, new SimulationState(1));
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.RoutingStep).extracting(s -> ((Step.RoutingStep) s).decision())
                .containsExactly("output via eth0", "reroute via cni0");
        assertThat(o.newSource()).isEqualTo(IpAddress.parse("10.244.3.1"));
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void prerouteEntryCanBeForcedForANodeSource() {
        Outcome o = run(Nf.tcp("192.168.0.13:1", "10.244.1.7:80"), EntryPoint.PREROUTING);
        assertThat(visited(o)).startsWith("raw:PREROUTING");
    }
}
