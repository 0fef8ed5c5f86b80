package dev.kpsim.emulator.topology;

import dev.kpsim.core.engine.path.HairpinMode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.client.ConnectionOutcome;
import dev.kpsim.emulator.experiment.ConnectionRecord;
import dev.kpsim.emulator.experiment.Destination;
import dev.kpsim.emulator.experiment.EmulationResult;
import dev.kpsim.emulator.experiment.EmulationSession;
import dev.kpsim.emulator.experiment.EmulationSetup;
import dev.kpsim.emulator.experiment.Traffic;
import dev.kpsim.emulator.experiment.TrafficSource;
import dev.kpsim.emulator.experiment.Verdict;
import dev.kpsim.emulator.fixtures.Hostnames;
import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.host.Command;
import dev.kpsim.emulator.host.LeftoverCleanup;
import dev.kpsim.emulator.host.NetnsList;
import dev.kpsim.emulator.host.RunScope;
import dev.kpsim.emulator.preflight.Capability;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.rules.IptablesBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bare topology (no kube-proxy rules): plain routing works, nothing is left behind. */
class TopologyIT {

    private static final TrafficSource CLIENT = new TrafficSource.FromPod("default", "client");

    @Test
    void buildsRoutesAndRemovesEverything() throws Exception {
        EmulationSetup setup = new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A, List.of(), IptablesBackend.NFT, HairpinMode.NONE);
        Preflight pf = Machine.assume(setup.needs());
        String hostBridgeNf = Files.readString(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables"));
        List<String> created;
        try (EmulationSession s = EmulationSession.open(setup, pf, AgentLauncher.current())) {
            created = s.topology().plan().namespaces();
            assertThat(NetnsList.names()).containsAll(created);
            assertThat(s.topology().findings()).anyMatch(f -> f.contains("per network namespace"));

            // pod to a remote pod directly: no NAT, the pod sees the client's own address
            EmulationResult direct = s.run(Traffic.of(CLIENT, new Destination(Hostnames.B1_IP, 9376, Protocol.TCP), 5));
            assertThat(direct.perPod()).containsExactlyEntriesOf(Map.of(Hostnames.B1, 5));
            assertThat(direct.seenSources()).containsOnlyKeys(Hostnames.CLIENT_IP.toString());

            // the external client reaches a pod through the node under test and is seen unmasqueraded
            EmulationResult ext = s.run(Traffic.of(new TrafficSource.FromExternal(), new Destination(Hostnames.B2_IP, 9376, Protocol.TCP), 3));
            assertThat(ext.perPod()).containsOnlyKeys(Hostnames.B2);
            assertThat(ext.seenSources()).containsOnlyKeys(s.topology().plan().externalAddresses().get(0).toString());

            // the node itself reaches its local pod over cni0 with the bridge address as source
            EmulationResult node = s.run(Traffic.of(new TrafficSource.FromNode(Hostnames.NODE_A), new Destination(Hostnames.A1_IP, 9376, Protocol.TCP), 3));
            assertThat(node.perPod()).containsOnlyKeys(Hostnames.A1);
            assertThat(node.seenSources()).containsOnlyKeys(Hostnames.BRIDGE_A.toString());

            // an address nothing answers for vanishes upstream: a silent drop, not an ICMP error
            EmulationResult nothing = s.run(Traffic.of(CLIENT, new Destination(Hostnames.UNKNOWN_VIP, 80, Protocol.TCP), 2));
            assertThat(nothing.connections()).extracting(ConnectionRecord::outcome).containsOnly(ConnectionOutcome.TIMEOUT);
            assertThat(nothing.count(Verdict.DROP)).isEqualTo(2);

            // a pod port nobody listens on is refused by the pod's kernel
            EmulationResult closed = s.run(Traffic.of(CLIENT, new Destination(Hostnames.B1_IP, 9999, Protocol.TCP), 2));
            assertThat(closed.connections()).extracting(ConnectionRecord::outcome).containsOnly(ConnectionOutcome.REFUSED);

            // UDP: a port the pod does not serve answers with ICMP port unreachable
            EmulationResult udp = s.run(Traffic.of(CLIENT, new Destination(Hostnames.B1_IP, 9376, Protocol.UDP), 2));
            assertThat(udp.connections()).extracting(ConnectionRecord::outcome).containsOnly(ConnectionOutcome.REFUSED);
            EmulationResult udpAnswered = s.run(Traffic.of(CLIENT, new Destination(Hostnames.B1_IP, 5353, Protocol.UDP), 3));
            assertThat(udpAnswered.perPod()).containsExactlyEntriesOf(Map.of(Hostnames.B1, 3));
            assertThat(udpAnswered.seenSources()).containsOnlyKeys(Hostnames.CLIENT_IP.toString());
        }
        assertThat(NetnsList.names()).doesNotContainAnyElementsOf(created);
        assertThat(Files.readString(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables"))).isEqualTo(hostBridgeNf);
    }

    @Test
    void leftoverCleanupRemovesDeadRunsAndSparesLiveOnes() {
        Machine.assume(Set.of(Capability.ROOT, Capability.NETNS));
        // pid 4194305 is above the largest pid_max Linux allows (2^22), so its owner is certainly dead
        String dead = "kpsim-4194305-zz0-leftover";
        Command.run(List.of("ip", "netns", "add", dead)).orThrow("creating a fake leftover");
        try (RunScope live = RunScope.open()) {
            String liveNs = live.namespace("live");
            live.createNamespaces(List.of(liveNs));
            LeftoverCleanup.Report r = LeftoverCleanup.run(false);
            assertThat(r.removed()).contains(dead);
            assertThat(r.skippedLive()).contains(liveNs);
            assertThat(NetnsList.names()).doesNotContain(dead).contains(liveNs);
            live.close();
            assertThat(NetnsList.names()).doesNotContain(liveNs);
            assertThat(live.cleanupProblems()).isEmpty();
        } finally {
            if (NetnsList.names().contains(dead)) {
                Command.run(List.of("ip", "netns", "del", dead));
            }
        }
    }

    @Test
    void everyPodAnswersWithItsOwnName() {
        EmulationSetup setup = new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_B, List.of(), IptablesBackend.NFT, HairpinMode.NONE);
        Preflight pf = Machine.assume(setup.needs());
        try (EmulationSession s = EmulationSession.open(setup, pf, AgentLauncher.current())) {
            assertThat(s.topology().plan().nodeUnderTest().name()).isEqualTo(Hostnames.NODE_B);
            for (IpAddress ip : List.of(Hostnames.A1_IP, Hostnames.B1_IP, Hostnames.B2_IP)) {
                String expected = s.topology().plan().podByIp(ip).orElseThrow().key();
                EmulationResult r = s.run(Traffic.of(new TrafficSource.FromPod("default", "hostnames-b1"), new Destination(ip, 9376, Protocol.TCP), 1));
                assertThat(r.perPod()).containsOnlyKeys(expected);
                assertThat(r.perEndpoint()).containsOnlyKeys(ip + ":9376");
            }
        }
    }
}
