package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.ACCEPT;
import static dev.kpsim.core.netfilter.engine.Nf.DROP;
import static dev.kpsim.core.netfilter.engine.Nf.RETURN;
import static dev.kpsim.core.netfilter.engine.Nf.go;
import static dev.kpsim.core.netfilter.engine.Nf.jump;
import static dev.kpsim.core.netfilter.engine.Nf.mark;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.target.ConnmarkTarget;
import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.NatRange;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.SnatTarget;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Targets and chain control ({@code ipt_do_table}'s verdicts, jump stack, policies). */
class TargetSemanticsTest {
    static final Packet OUTSIDE = Nf.tcp("203.0.113.5:1234", "10.244.1.7:9376");

    static Outcome run(Ruleset rs, Packet p) {
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        return sim.trace(p, sim.defaultEntry(p), new SimulationState(3));
    }

    /** Rule numbers that matched in filter, as "chain:n". */
    static List<String> matched(Outcome o) {
        return o.hops().stream().filter(s -> s instanceof Step.RuleStep).map(s -> (Step.RuleStep) s)
                .map(r -> r.chain() + ":" + r.ruleNumber()).toList();
    }

    @Test
    void acceptEndsOnlyTheCurrentTable() {
        Ruleset rs = Nf.v4()
                .builtin("mangle", "FORWARD", "ACCEPT", rule(ACCEPT), rule(DROP))
                .builtin("filter", "FORWARD", "ACCEPT", rule(DROP, Nf.dst("10.244.1.7/32")))
                .build();
        Outcome o = run(rs, OUTSIDE);
        assertThat(o.verdict()).isEqualTo(Verdict.DROP);
        assertThat(matched(o)).containsExactly("FORWARD:1", "FORWARD:1");
        assertThat(o.destination()).as("dropped before any translation").isNull();
    }

    @Test
    void rejectAndPolicyDrop() {
        Outcome rejected = run(Nf.v4().builtin("filter", "FORWARD", "ACCEPT",
                rule(new RejectTarget("tcp-reset"))).build(), OUTSIDE);
        assertThat(rejected.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(rejected.hops()).filteredOn(s -> s instanceof Step.RuleStep).singleElement()
                .satisfies(s -> assertThat(((Step.RuleStep) s).ruleText()).isEqualTo("-A FORWARD -j REJECT --reject-with tcp-reset"));
        Outcome policy = run(Nf.v4().builtin("filter", "FORWARD", "DROP").build(), OUTSIDE);
        assertThat(policy.verdict()).isEqualTo(Verdict.DROP);
        assertThat(policy.hops()).contains(new Step.PolicyStep("filter", "FORWARD", "DROP"));
    }

    @Test
    void jumpReturnsToTheNextRuleAndUserChainEndReturns() {
        Ruleset rs = Nf.v4()
                .builtin("filter", "FORWARD", "DROP", rule(jump("A")), rule(jump("B")), rule(ACCEPT, mark(7, 0xFFFFFFFFL, false)))
                .chain("filter", "A", rule(new MarkTarget(MarkTarget.Op.SET_XMARK, 3, 0xFFFFFFFFL, "0x3/0xffffffff")),
                        rule(RETURN), rule(DROP))
                .chain("filter", "B", rule(new MarkTarget(MarkTarget.Op.OR_MARK, 4, 0, "0x4")))
                .build();
        Outcome o = run(rs, OUTSIDE);
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(matched(o)).containsExactly("FORWARD:1", "A:1", "A:2", "FORWARD:2", "B:1", "FORWARD:3");
        assertThat(o.hops()).contains(new Step.PolicyStep("filter", "B", "RETURN"));
    }

    @Test
    void gotoReturnsToTheCallersCaller() {
        Ruleset rs = Nf.v4()
                .builtin("filter", "FORWARD", "ACCEPT", rule(jump("A")), rule(DROP))
                .chain("filter", "A", rule(go("B")), rule(ACCEPT))
                .chain("filter", "B", rule(RETURN))
                .build();
        Outcome o = run(rs, OUTSIDE);
        assertThat(matched(o)).containsExactly("FORWARD:1", "A:1", "B:1", "FORWARD:2");
        assertThat(o.verdict()).isEqualTo(Verdict.DROP);
    }

    @Test
    void gotoFromABaseChainEndsWithThatChainsPolicy() {
        Ruleset rs = Nf.v4()
                .builtin("filter", "FORWARD", "DROP", rule(go("A")), rule(ACCEPT))
                .chain("filter", "A", rule(ContinueTargetLog.log()))
                .build();
        Outcome o = run(rs, OUTSIDE);
        assertThat(o.verdict()).isEqualTo(Verdict.DROP);
        assertThat(o.hops()).containsSubsequence(new Step.PolicyStep("filter", "A", "RETURN"),
                new Step.PolicyStep("filter", "FORWARD", "DROP"));
    }

    @Test
    void returnInABaseChainAppliesThePolicy() {
        Outcome o = run(Nf.v4().builtin("filter", "FORWARD", "DROP", rule(RETURN), rule(ACCEPT)).build(), OUTSIDE);
        assertThat(o.verdict()).isEqualTo(Verdict.DROP);
        assertThat(matched(o)).containsExactly("FORWARD:1");
    }

    @Test
    void logNflogTraceAndRulesWithoutTargetContinue() {
        Ruleset rs = Nf.v4()
                .builtin("filter", "FORWARD", "ACCEPT", rule(ContinueTargetLog.log()),
                        rule(new ContinueTarget("NFLOG", List.of("--nflog-group", "5"))),
                        rule(new ContinueTarget("TRACE", List.of())), rule(Nf.comment("count only")), rule(DROP))
                .build();
        Outcome o = run(rs, OUTSIDE);
        assertThat(o.verdict()).isEqualTo(Verdict.DROP);
        assertThat(matched(o)).containsExactly("FORWARD:1", "FORWARD:2", "FORWARD:3", "FORWARD:4", "FORWARD:5");
    }

    @Test
    void markTargetsFollowTheKernelsXmarkArithmetic() {
        assertThat(new MarkTarget(MarkTarget.Op.OR_MARK, 0x4000, 0, "0x4000").apply(0x1)).isEqualTo(0x4001);
        assertThat(new MarkTarget(MarkTarget.Op.XOR_MARK, 0x4000, 0, "0x4000").apply(0x4001)).isEqualTo(0x1);
        assertThat(new MarkTarget(MarkTarget.Op.AND_MARK, 0xFF, 0, "0xff").apply(0x4011)).isEqualTo(0x11);
        assertThat(new MarkTarget(MarkTarget.Op.SET_MARK, 0x8, 0xF, "0x8/0xf").apply(0x4013)).isEqualTo(0x4018);
        assertThat(new MarkTarget(MarkTarget.Op.SET_XMARK, 0x8, 0xF, "0x8/0xf").apply(0x4013)).isEqualTo(0x4018);
        Ruleset rs = Nf.v4()
                .builtin("mangle", "PREROUTING", "ACCEPT", rule(new MarkTarget(MarkTarget.Op.OR_MARK, 0x20, 0, "0x20")))
                .builtin("filter", "FORWARD", "ACCEPT", rule(DROP, mark(0x20, 0x20, false)))
                .build();
        Outcome o = run(rs, OUTSIDE);
        assertThat(o.verdict()).isEqualTo(Verdict.DROP);
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.TransformStep).singleElement()
                .satisfies(s -> assertThat(((Step.TransformStep) s).after().mark()).isEqualTo(0x20));
    }

    @Test
    void connmarkSavesAndRestoresAcrossPacketsOfAConnection() {
        Ruleset rs = Nf.v4()
                .builtin("mangle", "PREROUTING", "ACCEPT",
                        rule(new ConnmarkTarget(ConnmarkTarget.Op.RESTORE_MARK, 0, 0, List.of())),
                        rule(ACCEPT, mark(0x7, 0xFFFFFFFFL, false)),
                        rule(new MarkTarget(MarkTarget.Op.SET_XMARK, 0x7, 0xFFFFFFFFL, "0x7/0xffffffff")),
                        rule(new ConnmarkTarget(ConnmarkTarget.Op.SAVE_MARK, 0, 0, List.of())))
                .build();
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        SimulationState s = new SimulationState(1);
        Outcome first = sim.trace(OUTSIDE, EntryPoint.PREROUTING, s);
        assertThat(matched(first)).containsExactly("PREROUTING:1", "PREROUTING:3", "PREROUTING:4");
        Outcome second = sim.trace(OUTSIDE, EntryPoint.PREROUTING, s);
        assertThat(matched(second)).as("the restored connection mark matches rule 2").containsExactly("PREROUTING:1", "PREROUTING:2");
        assertThat(NetfilterStateView.conntrack(s).get(0).mark()).isEqualTo(0x7);
        // set-xmark on the connection mark
        Ruleset set = Nf.v4().builtin("mangle", "PREROUTING", "ACCEPT",
                rule(new ConnmarkTarget(ConnmarkTarget.Op.SET_XMARK, 0x100, 0xF00, List.of()))).build();
        SimulationState s2 = new SimulationState(1);
        NetfilterSimulator.of(set, Hostnames.env()).trace(OUTSIDE, EntryPoint.PREROUTING, s2);
        assertThat(NetfilterStateView.conntrack(s2).get(0).mark()).isEqualTo(0x100);
    }

    @Test
    void dnatRewritesTheDestinationAndEndsTheNatTable() {
        Ruleset rs = Nf.v4()
                .builtin("nat", "PREROUTING", "ACCEPT", rule(Nf.dnat("10.244.2.3:8080"), Nf.dst("10.0.1.175/32")), rule(DROP))
                .build();
        Outcome o = run(rs, Nf.tcp("203.0.113.5:1234", "10.0.1.175:80"));
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(o.destination()).hasToString("10.244.2.3:8080");
        assertThat(o.masquerade()).isFalse();
        // port 0 keeps the port; an address range is uncertain (the kernel hashes)
        Ruleset keep = Nf.v4().builtin("nat", "PREROUTING", "ACCEPT", rule(new DnatTarget(
                new NatRange(IpAddress.parse("10.244.2.3"), IpAddress.parse("10.244.2.3"), 0, 0), false, false))).build();
        assertThat(run(keep, Nf.tcp("203.0.113.5:1234", "10.0.1.175:80")).destination()).hasToString("10.244.2.3:80");
        Ruleset range = Nf.v4().builtin("nat", "PREROUTING", "ACCEPT", rule(new DnatTarget(
                new NatRange(IpAddress.parse("10.244.2.3"), IpAddress.parse("10.244.2.9"), 8000, 8000), false, false))).build();
        Outcome r = run(range, Nf.tcp("203.0.113.5:1234", "10.0.1.175:80"));
        assertThat(r.destination()).hasToString("10.244.2.3:8000");
        assertThat(r.uncertain()).isTrue();
    }

    @Test
    void snatAndMasqueradeSetTheSource() {
        Ruleset snat = Nf.v4().builtin("nat", "POSTROUTING", "ACCEPT", rule(new SnatTarget(
                NatRange.of(IpAddress.parse("192.168.0.99"), 0), false, false, false))).build();
        Outcome s = run(snat, OUTSIDE);
        assertThat(s.masquerade()).isTrue();
        assertThat(s.newSource()).isEqualTo(IpAddress.parse("192.168.0.99"));
        Ruleset masq = Nf.v4().builtin("nat", "POSTROUTING", "ACCEPT", rule(new MasqueradeTarget(null, false, false))).build();
        assertThat(run(masq, OUTSIDE).newSource()).as("toward the uplink: the node's primary address")
                .isEqualTo(IpAddress.parse("192.168.0.13"));
        assertThat(run(masq, Nf.tcp("203.0.113.5:1234", "10.244.3.6:80")).newSource()).as("toward local pods: the bridge address")
                .isEqualTo(IpAddress.parse("10.244.3.1"));
        Ruleset ports = Nf.v4().builtin("nat", "POSTROUTING", "ACCEPT", rule(new MasqueradeTarget("20000-20010", false, false))).build();
        Outcome p = run(ports, OUTSIDE);
        assertThat(p.hops()).filteredOn(x -> x instanceof Step.TransformStep).singleElement()
                .satisfies(x -> assertThat(((Step.TransformStep) x).after().sourcePort()).isEqualTo(20000));
    }

    @Test
    void redirectGoesToTheIncomingInterfacesAddressOrLoopback() {
        Ruleset rs = Nf.v4()
                .builtin("nat", "PREROUTING", "ACCEPT", rule(new RedirectTarget("36000", false), Nf.dst("10.0.1.175/32")))
                .builtin("nat", "OUTPUT", "ACCEPT", rule(new RedirectTarget("36000", false), Nf.dst("10.0.1.175/32")))
                .build();
        assertThat(run(rs, Nf.tcp("10.244.3.6:1234", "10.0.1.175:80")).destination()).hasToString("10.244.3.1:36000");
        assertThat(run(rs, Nf.tcp("203.0.113.5:1234", "10.0.1.175:80")).destination()).hasToString("192.168.0.13:36000");
        Outcome local = run(rs, Nf.tcp("192.168.0.13:1234", "10.0.1.175:80"));
        assertThat(local.destination()).hasToString("127.0.0.1:36000");
        assertThat(local.hops()).contains(new Step.HookStep(dev.kpsim.core.trace.Hook.INPUT));
    }

    @Test
    void natTargetsAtTheWrongHookAreUncertain() {
        Ruleset rs = Nf.v4().builtin("nat", "POSTROUTING", "ACCEPT", rule(Nf.dnat("10.244.2.3:8080"))).build();
        Outcome o = run(rs, OUTSIDE);
        assertThat(o.uncertain()).isTrue();
        assertThat(o.destination()).hasToString("10.244.1.7:9376");
    }

    @Test
    void unknownTargetsContinueOrAcceptAndAreUncertain() {
        Ruleset rs = Nf.v4().builtin("filter", "FORWARD", "ACCEPT",
                rule(new UnknownTarget("NFQUEUE", List.of("--queue-num", "1"))), rule(DROP)).build();
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        List<Outcome> out = sim.outcomes(OUTSIDE, EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).extracting(Outcome::verdict).containsExactly(Verdict.ACCEPT, Verdict.DROP);
        assertThat(out).allMatch(Outcome::uncertain);
        assertThat(sim.trace(OUTSIDE, EntryPoint.PREROUTING, new SimulationState(1)).verdict())
                .as("a seeded trace assumes the target continues").isEqualTo(Verdict.DROP);
        assertThat(sim.compiled().unsupported()).extracting(d -> d.code()).containsExactly("unmodeled-target");
    }

    /** LOG as kube-proxy never writes it but real nodes have it. */
    static final class ContinueTargetLog {
        static ContinueTarget log() {
            return new ContinueTarget("LOG", List.of("--log-prefix", "\"seen: \""));
        }
    }
}
