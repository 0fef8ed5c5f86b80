package dev.kpsim.emulator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.fixtures.Hostnames;
import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.host.Command;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.emulator.rules.RuleCounter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the two kernel behaviours the simulator deliberately does not model, and the emulator works around
 * (docs/emulate.md, "Known kernel differences"): ICMP error rate limiting, and SYN retransmissions that choose an
 * endpoint again.
 */
class KernelDifferencesIT {

    private static EmulationSetup setup() {
        return new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A, List.of(new DataPlaneLoad.Iptables(Hostnames.payload(true))),
                IptablesBackend.NFT, HairpinMode.NONE);
    }

    @Test
    void theKernelRateLimitsTheIcmpErrorsOfReject() {
        Preflight pf = Machine.assume(setup().needs());
        try (EmulationSession s = EmulationSession.open(setup(), pf, AgentLauncher.current())) {
            String ns = s.topology().plan().nodeUnderTest().namespace();
            Destination empty = new Destination(Hostnames.EMPTY_VIP, 80, Protocol.TCP);
            TrafficSource client = new TrafficSource.FromPod("default", "client");
            // the emulator's node sends every ICMP error a rule asks for: each connection is refused
            EmulationResult unlimited = s.run(Traffic.of(client, empty, 20).withParallelism(20));
            assertThat(unlimited.count(Verdict.REJECT)).isEqualTo(20);
            // the kernel's default (icmp_ratemask with destination-unreachable, icmp_ratelimit 1000 ms, a burst of 6 per
            // host): beyond the burst the REJECT rule still matches, but the client hears nothing and times out
            Command.run(Command.inNamespace(ns, List.of("sysctl", "-q", "-w", "net.ipv4.icmp_ratemask=6168"))).orThrow("restoring icmp_ratemask");
            EmulationResult limited = s.run(Traffic.of(client, empty, 20).withParallelism(20));
            RuleCounter reject = limited.counters().rules().stream().filter(c -> c.rule().contains("has no endpoints")).findFirst().orElseThrow();
            assertThat(reject.packets()).isEqualTo(20);
            assertThat(limited.count(Verdict.REJECT)).isBetween(1, 8);
            assertThat(limited.count(Verdict.DROP)).isEqualTo(20 - limited.count(Verdict.REJECT));
        }
    }

    @Test
    void aRetransmittedSynChoosesItsEndpointAgain() {
        Preflight pf = Machine.assume(setup().needs());
        try (EmulationSession s = EmulationSession.open(setup(), pf, AgentLauncher.current())) {
            Destination vip = new Destination(Hostnames.VIP, 80, Protocol.TCP);
            // hairpin mode none: a SYN DNATed back to the pod itself is lost before conntrack confirms the connection;
            // with a timeout past the 1 s retransmission, the retransmitted SYN is a new connection for the nat table
            EmulationResult r = s.run(Traffic.of(new TrafficSource.FromPod("default", "hostnames-a1"), vip, 30).withParallelism(30)
                    .withTimeout(Duration.ofMillis(2500)));
            long dnats = r.counters().rules().stream().filter(c -> c.chain().startsWith("KUBE-SEP-") && c.rule().contains("-j DNAT"))
                    .mapToLong(RuleCounter::packets).sum();
            assertThat(dnats).isGreaterThan(30);
            // so fewer connections fail than the one-choice-per-connection share of self-DNATs would have it
            long selfDnats = r.counters().rules().stream().filter(c -> c.chain().equals(Hostnames.sep(Hostnames.A1_IP)) && c.rule().contains("-j DNAT"))
                    .mapToLong(RuleCounter::packets).sum();
            assertThat(r.count(Verdict.DROP)).isLessThan((int) selfDnats);
        }
    }
}
