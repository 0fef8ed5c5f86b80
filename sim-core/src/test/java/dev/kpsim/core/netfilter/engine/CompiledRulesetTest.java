package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.jump;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.trace.EntryPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledRulesetTest {

    static String code(Runnable r) {
        try {
            r.run();
        } catch (BadInputException e) {
            return e.diagnostics().get(0).code();
        }
        return "no error";
    }

    @Test
    void refusesWhatIptablesRestoreRefuses() {
        assertThat(code(() -> CompiledRuleset.compile(Nf.v4().builtin("filter", "INPUT", "ACCEPT", rule(jump("FORWARD"))).build())))
                .isEqualTo("jump-to-builtin");
        assertThat(code(() -> CompiledRuleset.compile(Nf.v4().builtin("filter", "INPUT", "ACCEPT", rule(jump("A")))
                .chain("filter", "A", rule(jump("B"))).chain("filter", "B", rule(Nf.go("A"))).build())))
                .isEqualTo("chain-loop");
        assertThat(code(() -> CompiledRuleset.compile(Nf.v4().builtin("filter", "INPUT", "ACCEPT", rule(jump("A")))
                .chain("filter", "A").chain("filter", "B", rule(jump("A"))).build()))).isEqualTo("no error");
    }

    @Test
    void aJumpToAChainOutsideTheRulesetIsAnEmptyChainAndUncertain() {
        Ruleset rs = Nf.v4().builtin("filter", "FORWARD", "ACCEPT", rule(jump("KUBE-KUBELET-ONLY")), rule(Nf.DROP)).build();
        NetfilterSimulator sim = NetfilterSimulator.of(rs, Hostnames.env());
        assertThat(sim.compiled().unsupported()).extracting(d -> d.code()).containsExactly("unknown-chain");
        dev.kpsim.core.trace.Outcome o = sim.trace(Nf.tcp("203.0.113.5:1", "10.244.1.7:80"), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(o.verdict()).isEqualTo(dev.kpsim.core.trace.Verdict.DROP);
        assertThat(o.uncertain()).isTrue();
        Ruleset viaGoto = Nf.v4().builtin("filter", "FORWARD", "DROP", rule(Nf.go("ELSEWHERE")), rule(Nf.ACCEPT)).build();
        assertThat(NetfilterSimulator.of(viaGoto, Hostnames.env()).trace(Nf.tcp("203.0.113.5:1", "10.244.1.7:80"),
                EntryPoint.PREROUTING, new SimulationState(1)).verdict()).as("goto an empty chain: the base policy")
                .isEqualTo(dev.kpsim.core.trace.Verdict.DROP);
    }

    @Test
    void aPacketOfTheOtherFamilyIsBadInput() {
        NetfilterSimulator sim = NetfilterSimulator.of(Nf.v4().build(), Hostnames.env());
        assertThatThrownBy(() -> sim.trace(dev.kpsim.core.packet.Packet.of(dev.kpsim.core.net.Protocol.TCP,
                dev.kpsim.core.net.HostPort.parse("[fd00::1]:1"), dev.kpsim.core.net.HostPort.parse("[fd00::2]:80")),
                EntryPoint.PREROUTING, new SimulationState(1)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("the packet is IPv6 but the ruleset is IPv4");
    }

    @Test
    void indexNarrowsKubeServicesToTheCandidates() {
        List<Rule> services = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            services.add(rule(jump("KUBE-MARK-MASQ"), Nf.dst("10.0." + (i / 250) + "." + (i % 250) + "/32"), Nf.proto("tcp"), Nf.tcp(80)));
        }
        services.add(rule(jump("KUBE-NODEPORTS"), new dev.kpsim.core.netfilter.match.AddrtypeMatch(null, false, "LOCAL", false, false, false)));
        Ruleset rs = Nf.v4().builtin("nat", "PREROUTING", "ACCEPT", rule(jump("KUBE-SERVICES")))
                .chain("nat", "KUBE-SERVICES", services.toArray(new Rule[0]))
                .chain("nat", "KUBE-MARK-MASQ", rule(Nf.orMark(0x4000)))
                .chain("nat", "KUBE-NODEPORTS").build();
        CompiledRuleset c = CompiledRuleset.compile(rs);
        CompiledChain ks = c.table(CompiledRuleset.NAT).chains[c.table(CompiledRuleset.NAT).ids.get("KUBE-SERVICES")];
        assertThat(ks.index).isNotNull();
        long payload = ks.index.forDestination(IpAddress.parse("10.0.2.7"));
        assertThat(CandidateMap.inlineCount(payload)).isEqualTo(1);
        assertThat(CandidateMap.inlineRule(payload, 0)).isEqualTo(507);
        assertThat(ks.index.forDestination(IpAddress.parse("10.9.9.9"))).as("no rule for that address").isZero();
        assertThat(ks.index.fallback).containsExactly(1000);
        assertThat(CompiledRuleset.linear(rs).isLinear()).isTrue();
        assertThat(c.isLinear()).isFalse();
    }
}
