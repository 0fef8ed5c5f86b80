package dev.kpsim.emulator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.client.ConnectionOutcome;
import dev.kpsim.emulator.fixtures.Hostnames;
import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.fixtures.Stats;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.host.NetnsList;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.rules.CounterSnapshot;
import dev.kpsim.emulator.rules.DataPlaneLoader;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.emulator.rules.RuleCounter;
import dev.kpsim.core.engine.path.HairpinMode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostnames service with a hand-written current-format kube-proxy payload (KUBE-SERVICES → KUBE-SVC with the
 * 0.3333333333 / 0.5 cascade → three KUBE-SEP DNATs, KUBE-POSTROUTING masquerade of mark 0x4000) in the real
 * kernel, nf_tables backend.
 */
class IptablesIT {

    private static final Destination VIP = new Destination(Hostnames.VIP, 80, Protocol.TCP);
    private static final TrafficSource CLIENT = new TrafficSource.FromPod("default", "client");
    private static EmulationSession session;

    @BeforeAll
    static void up() {
        EmulationSetup setup = new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A,
                List.of(new DataPlaneLoad.Iptables(Hostnames.payload(true))), IptablesBackend.NFT, HairpinMode.HAIRPIN_VETH);
        Preflight pf = Machine.assume(setup.needs());
        session = EmulationSession.open(setup, pf, AgentLauncher.current());
    }

    @AfterAll
    static void down() {
        if (session != null) {
            List<String> nss = session.topology().plan().namespaces();
            session.close();
            assertThat(session.cleanupProblems()).isEmpty();
            assertThat(NetnsList.names()).doesNotContainAnyElementsOf(nss);
        }
    }

    private static long dnatPackets(CounterSnapshot c) {
        return c.rules().stream().filter(r -> r.chain().startsWith("KUBE-SEP-") && r.rule().contains("-j DNAT"))
                .mapToLong(RuleCounter::packets).sum();
    }

    @Test
    void loadsTheSameRulesKubeProxyWrites() {
        String saved = DataPlaneLoader.save(session.topology().plan().nodeUnderTest().namespace(), IpFamily.IPV4, IptablesBackend.NFT);
        assertThat(saved).contains("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        assertThat(saved).contains("-A " + Hostnames.SVC_CHAIN + " -m comment --comment \"default/hostnames -> 10.244.0.5:9376\""
                + " -m statistic --mode random --probability 0.33333333349 -j " + Hostnames.sep(Hostnames.A1_IP));
    }

    @Test
    void spreadsThreeHundredConnectionsEvenly() {
        EmulationResult r = session.run(Traffic.of(CLIENT, VIP, 300).withParallelism(16).withSeed(7));
        assertThat(r.count(Verdict.ACCEPT)).isEqualTo(300);
        assertThat(r.perPod()).containsOnlyKeys(Hostnames.A1, Hostnames.B1, Hostnames.B2);
        assertThat(Stats.uniformP(r.perPod().values())).isGreaterThanOrEqualTo(0.001);
        // a pod-to-service connection inside the cluster CIDR is not masqueraded
        assertThat(r.seenSources()).containsOnlyKeys(Hostnames.CLIENT_IP.toString());
        // every connection was DNATed exactly once, by the rule of the endpoint that answered
        assertThat(dnatPackets(r.counters())).isEqualTo(300);
        for (String pod : r.perPod().keySet()) {
            var ip = session.topology().plan().pod(pod).orElseThrow().ips().get(0);
            RuleCounter dnat = r.counters().rules().stream()
                    .filter(c -> c.chain().equals(Hostnames.sep(ip)) && c.rule().contains("-j DNAT")).findFirst().orElseThrow();
            assertThat(dnat.packets()).isEqualTo(r.perPod().get(pod).longValue());
        }
        // the flows are the seed's: source ports base..base+299, one per connection
        assertThat(r.connections()).extracting(ConnectionRecord::sourcePort).doesNotHaveDuplicates()
                .allMatch(p -> p >= 10000 && p < 65000);
        System.out.println("IptablesIT: 300 connections from " + r.source() + " took " + r.trafficMillis() + " ms: " + r.perPod());
    }

    @Test
    void masqueradesTrafficFromOutsideTheClusterCidr() {
        EmulationResult r = session.run(Traffic.of(new TrafficSource.FromExternal(), VIP, 30));
        assertThat(r.count(Verdict.ACCEPT)).isEqualTo(30);
        // remote pods see the node's address, the local pod sees the bridge address
        assertThat(r.seenSources().keySet()).isSubsetOf(Hostnames.NODE_A_IP.toString(), Hostnames.BRIDGE_A.toString());
        RuleCounter markMasq = r.counters().rules().stream()
                .filter(c -> c.chain().equals(Hostnames.SVC_CHAIN) && c.rule().contains("KUBE-MARK-MASQ")).findFirst().orElseThrow();
        assertThat(markMasq.packets()).isEqualTo(30);
    }

    @Test
    void theNodeItselfReachesTheServiceThroughNatOutput() {
        EmulationResult r = session.run(Traffic.of(new TrafficSource.FromNode(Hostnames.NODE_A), VIP, 30));
        assertThat(r.count(Verdict.ACCEPT)).isEqualTo(30);
        RuleCounter outputJump = r.counters().rules().stream()
                .filter(c -> c.table().equals("nat") && c.chain().equals("OUTPUT")).findFirst().orElseThrow();
        assertThat(outputJump.packets()).isEqualTo(30);
    }

    @Test
    void aServiceWithoutEndpointsIsRejected() {
        EmulationResult r = session.run(Traffic.of(CLIENT, new Destination(Hostnames.EMPTY_VIP, 80, Protocol.TCP), 5));
        assertThat(r.connections()).extracting(ConnectionRecord::outcome).containsOnly(ConnectionOutcome.REFUSED);
        assertThat(r.count(Verdict.REJECT)).isEqualTo(5);
        RuleCounter reject = r.counters().rules().stream()
                .filter(c -> c.table().equals("filter") && c.chain().equals("KUBE-SERVICES")).findFirst().orElseThrow();
        assertThat(reject.packets()).isEqualTo(5);
    }

    @Test
    void anUnprogrammedAddressTimesOut() {
        EmulationResult r = session.run(Traffic.of(CLIENT, new Destination(Hostnames.UNKNOWN_VIP, 80, Protocol.TCP), 3));
        assertThat(r.count(Verdict.DROP)).isEqualTo(3);
    }

    @Test
    void nfacctObjectsAreCreatedBeforeTheRulesThatCountIntoThem() {
        EmulationSetup setup = new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A,
                List.of(new DataPlaneLoad.Iptables(Hostnames.payload(true, true))), IptablesBackend.NFT, HairpinMode.PROMISCUOUS_BRIDGE);
        assertThat(setup.needs()).contains(dev.kpsim.emulator.preflight.Capability.NFACCT);
        Preflight pf = Machine.assume(setup.needs());
        try (EmulationSession s = EmulationSession.open(setup, pf, AgentLauncher.current())) {
            String ns = s.topology().plan().nodeUnderTest().namespace();
            EmulationResult r = s.run(Traffic.of(new TrafficSource.FromPod("default", "hostnames-a1"), VIP, 20).withParallelism(20));
            String accounting = dev.kpsim.emulator.host.Command.run(dev.kpsim.emulator.host.Command.inNamespace(ns,
                    List.of("nfacct", "get", "ct_state_invalid_dropped_pkts"))).orThrow("reading nfacct").stdout();
            RuleCounter invalid = r.counters().rules().stream().filter(c -> c.rule().contains("--nfacct-name")).findFirst().orElseThrow();
            assertThat(accounting).contains("pkts = " + String.format("%020d", invalid.packets()));
        }
    }

    @Test
    void aSourceOffTheNodeUnderTestIsNoted() {
        EmulationResult r = session.run(Traffic.of(new TrafficSource.FromPod("default", "hostnames-b1"), VIP, 1));
        assertThat(r.notes()).anyMatch(n -> n.startsWith("pod/default/hostnames-b1 runs on node node-b, not on the node under test node-a"));
        assertThat(r.count(Verdict.DROP)).isEqualTo(1);
    }

    @Test
    void theLegacyBackendGivesTheSameService() {
        EmulationSetup setup = new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A,
                List.of(new DataPlaneLoad.Iptables(Hostnames.payload(true))), IptablesBackend.LEGACY, HairpinMode.HAIRPIN_VETH);
        Preflight pf = Machine.assume(setup.needs());
        long t0 = System.nanoTime();
        EmulationResult r = Experiment.run(new EmulationRequest(setup, Traffic.of(CLIENT, VIP, 60).withParallelism(16)), pf, AgentLauncher.current());
        long wall = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.count(Verdict.ACCEPT)).isEqualTo(60);
        assertThat(r.perPod()).containsOnlyKeys(Hostnames.A1, Hostnames.B1, Hostnames.B2);
        assertThat(dnatPackets(r.counters())).isEqualTo(60);
        assertThat(r.backend()).isEqualTo(IptablesBackend.LEGACY);
        assertThat(r.setupMillis()).isPositive();
        System.out.println("IptablesIT: one whole legacy experiment: setup " + r.setupMillis() + " ms, traffic " + r.trafficMillis()
                + " ms, " + wall + " ms in all with cleanup");
    }
}
