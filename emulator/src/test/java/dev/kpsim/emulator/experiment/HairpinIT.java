package dev.kpsim.emulator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.fixtures.Hostnames;
import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.emulator.rules.RuleCounter;
import dev.kpsim.core.engine.path.HairpinMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pod reaching itself through its own Service, under kubelet's three hairpin modes, as reference/hairpin.md §5
 * describes for this kernel: one local endpoint (hostnames-a1, the client) and two remote ones.
 *
 * <p>The per-connection timeout stays below the kernel's 1 s initial SYN retransmission, so every connection is
 * one SYN and one random endpoint choice; then the connections DNATed to the pod itself (the KUBE-SEP DNAT
 * counter of a1) are exactly those that fail, and all others are answered.
 */
class HairpinIT {

    private static final Destination VIP = new Destination(Hostnames.VIP, 80, Protocol.TCP);
    private static final TrafficSource SELF = new TrafficSource.FromPod("default", "hostnames-a1");
    private static final int N = 60;

    private static long selfDnat(EmulationResult r) {
        return r.counters().rules().stream()
                .filter(c -> c.chain().equals(Hostnames.sep(Hostnames.A1_IP)) && c.rule().contains("-j DNAT"))
                .mapToLong(RuleCounter::packets).sum();
    }

    private static long invalidDrops(EmulationResult r) {
        return r.counters().rules().stream()
                .filter(c -> c.chain().equals("KUBE-FORWARD") && c.rule().contains("INVALID"))
                .mapToLong(RuleCounter::packets).sum();
    }

    private static EmulationSetup setup(boolean hairpinMasquerade) {
        return new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A,
                List.of(new DataPlaneLoad.Iptables(Hostnames.payload(hairpinMasquerade))), IptablesBackend.NFT, HairpinMode.HAIRPIN_VETH);
    }

    private static EmulationResult self(EmulationSession s, HairpinMode mode) {
        s.hairpinMode(mode);
        EmulationResult r = s.run(Traffic.of(SELF, VIP, N).withParallelism(20));
        System.out.println("HairpinIT: " + mode.flag() + ": " + r.perPod() + " " + r.verdicts() + " self-DNAT " + selfDnat(r)
                + " seen " + r.seenSources() + " INVALID drops " + invalidDrops(r));
        return r;
    }

    @Test
    void theThreeModesWithKubeProxysMasqueradeRule() {
        Preflight pf = Machine.assume(setup(true).needs());
        try (EmulationSession s = EmulationSession.open(setup(true), pf, AgentLauncher.current())) {
            // hairpin-veth: every connection works; self-connections are masqueraded to the bridge address
            EmulationResult veth = self(s, HairpinMode.HAIRPIN_VETH);
            assertThat(veth.count(Verdict.ACCEPT)).isEqualTo(N);
            assertThat(veth.perPod().getOrDefault(Hostnames.A1, 0)).isEqualTo((int) selfDnat(veth)).isPositive();
            assertThat(veth.connections()).filteredOn(c -> c.pod().equals(Hostnames.A1))
                    .allMatch(c -> c.seenPeer().ip().equals(Hostnames.BRIDGE_A));
            assertThat(veth.connections()).filteredOn(c -> !c.pod().equals(Hostnames.A1) && c.answered())
                    .allMatch(c -> c.seenPeer().ip().equals(Hostnames.A1_IP));

            // none: the bridge will not send the frame back out of the port it came in on; those time out
            EmulationResult none = self(s, HairpinMode.NONE);
            assertThat(none.perPod()).doesNotContainKey(Hostnames.A1);
            assertThat((long) none.count(Verdict.DROP)).isEqualTo(selfDnat(none)).isPositive();
            assertThat(none.count(Verdict.ACCEPT) + none.count(Verdict.DROP)).isEqualTo(N);

            // promiscuous bridge without kubenet's ebtables dedup rules: the self-directed packets are classified
            // INVALID and dropped by KUBE-FORWARD
            EmulationResult promisc = self(s, HairpinMode.PROMISCUOUS_BRIDGE);
            assertThat(promisc.perPod()).doesNotContainKey(Hostnames.A1);
            assertThat((long) promisc.count(Verdict.DROP)).isEqualTo(selfDnat(promisc)).isPositive();
            assertThat(invalidDrops(promisc)).isGreaterThanOrEqualTo(selfDnat(promisc));

            // promiscuous mode does not disturb traffic from another pod
            EmulationResult other = s.run(Traffic.of(new TrafficSource.FromPod("default", "client"), VIP, 30).withParallelism(10));
            assertThat(other.count(Verdict.ACCEPT)).isEqualTo(30);
        }
    }

    @Test
    void theHairpinExperimentFindsTheLocalBackingPodAndObservesEachMode() {
        Preflight pf = Machine.assume(setup(true).needs());
        try (EmulationSession s = EmulationSession.open(setup(true).withHairpinMode(HairpinMode.NONE), pf, AgentLauncher.current())) {
            var svc = Hostnames.cluster().service("default", "hostnames").orElseThrow();
            List<String> pods = HairpinExperiment.localBackingPods(s, svc);
            assertThat(pods).containsExactly(Hostnames.A1);
            List<HairpinObservation> obs = HairpinExperiment.run(s, VIP, pods, List.of(HairpinMode.values()), 30, 1);
            assertThat(obs).extracting(HairpinObservation::mode).containsExactly(HairpinMode.values());
            HairpinObservation veth = obs.get(0);
            assertThat(veth.failed()).isZero();
            assertThat(veth.selfAnswered()).isEqualTo((int) selfDnat(veth.result()));
            if (veth.selfAnswered() > 0) {
                assertThat(veth.selfSeenSources()).containsExactly(Hostnames.BRIDGE_A.toString());
            }
            for (HairpinObservation o : obs.subList(1, 3)) {
                assertThat(o.selfAnswered()).isZero();
                assertThat((long) o.failed()).isEqualTo(selfDnat(o.result()));
                assertThat(o.othersAnswered() + o.failed()).isEqualTo(30);
            }
            assertThat(s.topology().hairpinMode()).isEqualTo(HairpinMode.NONE);
        }
    }

    @Test
    void hairpinVethWithoutTheMasqueradeRuleLosesSelfConnections() {
        Preflight pf = Machine.assume(setup(false).needs());
        try (EmulationSession s = EmulationSession.open(setup(false), pf, AgentLauncher.current())) {
            EmulationResult r = self(s, HairpinMode.HAIRPIN_VETH);
            assertThat(r.perPod()).doesNotContainKey(Hostnames.A1);
            assertThat((long) r.count(Verdict.DROP)).isEqualTo(selfDnat(r)).isPositive();
        }
    }
}
