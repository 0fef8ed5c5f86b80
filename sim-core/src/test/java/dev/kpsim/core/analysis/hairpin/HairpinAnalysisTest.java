package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.engine.path.HairpinMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.analysis.Fixtures;
import dev.kpsim.core.analysis.graph.IptablesGraphSource;
import dev.kpsim.core.analysis.reach.NodeTargets;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Step;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The hostnames pods reaching themselves through their service, under each hairpin mode and bridge setting. */
class HairpinAnalysisTest {

    static final HairpinSubject LY40Y = new HairpinSubject("default/hostnames-632524106-ly40y", "node-1",
            IpAddress.parse("10.244.1.7"), "default/hostnames", Protocol.TCP, HostPort.parse("10.0.1.175:80"));

    static HairpinCase run(UnaryOperator<String> edit) {
        NodeTargets targets = Fixtures.hostnames(edit);
        Optional<CitedRule> invalid = InvalidDrop.find(IptablesGraphSource.of(
                Fixtures.ruleset(edit.apply(Fixtures.resource("hostnames.save")), "hostnames.save"), "iptables"));
        return HairpinAnalysis.run("iptables", List.of(LY40Y), targets, n -> invalid).cases().get(0);
    }

    static HairpinVerdict verdict(HairpinCase c, HairpinMode m, boolean brNf) {
        return c.verdicts().stream().filter(v -> v.mode() == m && v.bridgeNfCallIptables() == brNf).findFirst().orElseThrow();
    }

    @Test
    void oneThirdComesBackMasqueradedThroughABridgedDnat() {
        HairpinCase c = run(UnaryOperator.identity());
        assertThat(c.selfShare()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(c.otherRemoteShare()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(c.otherLocalShare()).isZero();
        assertThat(c.lostShare()).isZero();
        assertThat(c.selfMasquerade()).isTrue();
        assertThat(c.selfSource()).isEqualTo(IpAddress.parse("10.244.1.1"));
        assertThat(c.path()).isEqualTo(SelfPath.BRIDGED_DNAT);
        assertThat(c.rules()).extracting(CitedRule::where).containsExactly(
                "nat:KUBE-SVC-YN5D6RYVEVZOH44Q rule 1", "nat:KUBE-SEP-IQV2T7WZFFJMSXMA rule 1", "nat:KUBE-MARK-MASQ rule 1",
                "nat:KUBE-SEP-IQV2T7WZFFJMSXMA rule 2", "nat:KUBE-POSTROUTING rule 3", "filter:KUBE-FORWARD rule 1");
        assertThat(c.rules().get(1).text()).contains("-s 10.244.1.7", "-j KUBE-MARK-MASQ");
        assertThat(c.rules().get(1).why()).contains("hairpin");
    }

    @Test
    void noneFailsTheSelfThirdHairpinVethWorksPromiscuousFailsByTheInvalidDrop() {
        HairpinCase c = run(UnaryOperator.identity());
        HairpinVerdict none = verdict(c, HairpinMode.NONE, true);
        assertThat(none.result()).isEqualTo(KernelVerdict.Result.FAILS);
        assertThat(none.failed()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(none.answered()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(none.reasons()).singleElement().satisfies(k -> {
            assertThat(k.observed()).isTrue();
            assertThat(k.reason()).contains("back out of its ingress port");
        });
        HairpinVerdict veth = verdict(c, HairpinMode.HAIRPIN_VETH, true);
        assertThat(veth.result()).isEqualTo(KernelVerdict.Result.WORKS);
        assertThat(veth.answered()).isCloseTo(1, within(1e-9));
        HairpinVerdict promisc = verdict(c, HairpinMode.PROMISCUOUS_BRIDGE, true);
        assertThat(promisc.result()).isEqualTo(KernelVerdict.Result.FAILS);
        assertThat(promisc.reasons().get(0).reason()).contains("INVALID");
        for (HairpinMode m : HairpinAnalysis.MODES) {
            HairpinVerdict off = verdict(c, m, false);
            assertThat(off.result()).as(m + " without bridge netfilter").isEqualTo(KernelVerdict.Result.WORKS);
            assertThat(off.reasons()).allSatisfy(k -> assertThat(k.observed()).isFalse());
        }
    }

    @Test
    void withoutKubeProxysMasqueradeRuleHairpinVethFailsToo() {
        HairpinCase c = run(text -> text.replace(
                "-A KUBE-SEP-IQV2T7WZFFJMSXMA -s 10.244.1.7/32 -m comment --comment \"default/hostnames\" -j KUBE-MARK-MASQ\n", ""));
        assertThat(c.selfMasquerade()).isFalse();
        assertThat(c.selfSource()).isNull();
        assertThat(verdict(c, HairpinMode.HAIRPIN_VETH, true).result()).isEqualTo(KernelVerdict.Result.FAILS);
        assertThat(verdict(c, HairpinMode.HAIRPIN_VETH, true).reasons().get(0).reason()).contains("pod's own address as source");
        assertThat(verdict(c, HairpinMode.NONE, false).result()).isEqualTo(KernelVerdict.Result.FAILS);
    }

    @Test
    void withoutTheInvalidDropPromiscuousBridgeStillFails() {
        // observed by kpsim emulate with kube-proxy's nftables data plane, which has no INVALID drop
        HairpinCase c = run(text -> text.replaceAll("-A KUBE-FORWARD -m conntrack --ctstate INVALID[^\n]*\n", ""));
        HairpinVerdict promisc = verdict(c, HairpinMode.PROMISCUOUS_BRIDGE, true);
        assertThat(promisc.result()).isEqualTo(KernelVerdict.Result.FAILS);
        assertThat(promisc.unverified()).isZero();
        assertThat(promisc.reasons().get(0).reason()).contains("even without an INVALID drop no answer reaches the client");
        assertThat(c.rules()).extracting(CitedRule::where).doesNotContain("filter:KUBE-FORWARD rule 1");
    }

    @Test
    void theTranslationsHookTellsABridgedDnatFromAHostRoutedOne() {
        IpAddress pod = IpAddress.parse("10.244.1.7");
        Packet before = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.7:32768"), HostPort.parse("10.0.1.175:80"));
        Packet after = before.withDestination(pod, 9376);
        assertThat(HairpinAnalysis.path(List.of(new Step.HookStep(Hook.PREROUTING),
                new Step.TransformStep("DNAT", before, after)), pod)).isEqualTo(SelfPath.BRIDGED_DNAT);
        assertThat(HairpinAnalysis.path(List.of(new Step.HookStep(Hook.PREROUTING), new Step.HookStep(Hook.INPUT),
                new Step.TransformStep("DNAT", before, after)), pod)).isEqualTo(SelfPath.HOST_ROUTED);
        assertThat(HairpinAnalysis.path(List.of(new Step.HookStep(Hook.PREROUTING),
                new Step.ModeStep("userspace", "proxy picks 10.244.1.7:9376")), pod)).isEqualTo(SelfPath.HOST_ROUTED);
    }

    @Test
    void textShowsTheVerdictTableAndNamesTheEvidence() {
        HairpinCase c = run(UnaryOperator.identity());
        String text = HairpinTextRenderer.render(new HairpinReport("iptables", List.of(c)));
        assertThat(text).contains("  hairpin mode        bridge-nf-call-iptables=1       bridge-nf-call-iptables=0\n"
                + "  none                FAILS 1/3 (observed)            works (derived)\n"
                + "  hairpin-veth        works (observed)                works (derived)\n"
                + "  promiscuous-bridge  FAILS 1/3 (observed)            works (derived)\n");
        assertThat(text).contains("connections: 1/3 back to the pod itself (masqueraded to 10.244.1.1; DNAT at PREROUTING");
        String json = HairpinJsonRenderer.render(new HairpinReport("iptables", List.of(c)));
        assertThat(json).contains("\"path\": \"bridged-dnat\"", "\"hairpinMode\": \"promiscuous-bridge\"",
                "\"result\": \"fails\"", "\"observed\": true");
    }
}
