package dev.kpsim.emulator.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.client.ConnectionOutcome;
import dev.kpsim.emulator.fixtures.Hostnames;
import dev.kpsim.emulator.preflight.Capability;
import dev.kpsim.emulator.rules.CounterSnapshot;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.core.engine.path.HairpinMode;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RequestTypesTest {

    private static final Destination VIP = new Destination(Hostnames.VIP, 80, Protocol.TCP);

    @Test
    void sourcesParse() {
        assertThat(TrafficSource.parse("pod/default/client", "node-a")).isEqualTo(new TrafficSource.FromPod("default", "client"));
        assertThat(TrafficSource.parse("node", "node-a")).isEqualTo(new TrafficSource.FromNode("node-a"));
        assertThat(TrafficSource.parse("node/node-b", "node-a")).isEqualTo(new TrafficSource.FromNode("node-b"));
        assertThat(TrafficSource.parse("external", "node-a").describe()).isEqualTo("external");
        assertThatThrownBy(() -> TrafficSource.parse("pod/client", "node-a")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected pod/NAMESPACE/NAME, node, node/NAME, external or external/IP");
        assertThat(TrafficSource.parse("external/198.51.100.10", "node-a"))
                .isEqualTo(new TrafficSource.FromExternal(IpAddress.parse("198.51.100.10")));
        assertThat(TrafficSource.parse("external/198.51.100.10", "node-a").describe()).isEqualTo("external/198.51.100.10");
        assertThatThrownBy(() -> TrafficSource.parse("external/x", "node-a")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'x' is not an IP address");
    }

    @Test
    void destinationsParseAndRefuseOtherProtocols() {
        assertThat(Destination.parse("10.0.1.175:80", Protocol.TCP)).isEqualTo(VIP);
        assertThat(Destination.parse("[fd00::1]:53", Protocol.UDP).toString()).isEqualTo("udp [fd00::1]:53");
        assertThatThrownBy(() -> Destination.parse("10.0.1.175", Protocol.TCP)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new Destination(Hostnames.VIP, 80, Protocol.SCTP)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("TCP or UDP only");
    }

    @Test
    void trafficIsBounded() {
        TrafficSource src = new TrafficSource.FromExternal();
        assertThatThrownBy(() -> Traffic.of(src, VIP, 0)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Traffic.of(src, VIP, Traffic.MAX_CONNECTIONS + 1)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Traffic.of(src, VIP, 5).withParallelism(65)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Traffic.of(src, VIP, 5).withTimeout(Duration.ofMinutes(1))).isInstanceOf(BadInputException.class);
        assertThat(Traffic.DEFAULT_TIMEOUT).isLessThan(Duration.ofSeconds(1));
    }

    @Property
    void sourcePortsStayInRange(@ForAll long seed, @ForAll @IntRange(min = 1, max = Traffic.MAX_CONNECTIONS) int n,
                                @ForAll @LongRange(min = 0, max = 1_000_000) long offset) {
        int base = Traffic.of(new TrafficSource.FromExternal(), VIP, n).withSeed(seed).sourcePortBase(offset);
        assertThat(base).isGreaterThanOrEqualTo(10000);
        assertThat(base + n - 1).isLessThan(65000);
    }

    @Test
    void theSeedFixesTheFlows() {
        Traffic t = Traffic.of(new TrafficSource.FromExternal(), VIP, 300).withSeed(42);
        assertThat(t.sourcePortBase(0)).isEqualTo(t.sourcePortBase(0)).isNotEqualTo(t.withSeed(43).sourcePortBase(0));
        assertThat(t.sourcePortBase(300)).isNotEqualTo(t.sourcePortBase(0));
    }

    @Test
    void setupsNeedWhatTheirDataPlanesUse() {
        EmulationSetup s = new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A,
                List.of(new DataPlaneLoad.Iptables(Hostnames.payload(true)), new DataPlaneLoad.Nftables("table ip t {}")),
                IptablesBackend.LEGACY, null);
        assertThat(s.needs()).contains(Capability.ROOT, Capability.NETNS, Capability.BR_NETFILTER, Capability.IPTABLES_LEGACY, Capability.NFT)
                .doesNotContain(Capability.IPTABLES_NFT, Capability.IPVS, Capability.CONNTRACK);
        assertThat(s.hairpinMode()).isEqualTo(HairpinMode.HAIRPIN_VETH);
        assertThat(new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A, List.of(), null, HairpinMode.NONE).backend()).isEqualTo(IptablesBackend.NFT);
    }

    @Test
    void verdictsFollowOutcomes() {
        assertThat(Verdict.of(ConnectionOutcome.ANSWERED)).isEqualTo(Verdict.ACCEPT);
        assertThat(Verdict.of(ConnectionOutcome.TIMEOUT)).isEqualTo(Verdict.DROP);
        assertThat(Verdict.of(ConnectionOutcome.REFUSED)).isEqualTo(Verdict.REJECT);
        assertThat(Verdict.of(ConnectionOutcome.UNREACHABLE)).isEqualTo(Verdict.REJECT);
        assertThat(Verdict.of(ConnectionOutcome.CLOSED)).isEqualTo(Verdict.REJECT);
        assertThat(Verdict.of(ConnectionOutcome.ERROR)).isEqualTo(Verdict.ERROR);
    }

    @Test
    void resultsTallyTheirRecords() {
        HostPort local = new HostPort(Hostnames.A1_IP, 9376);
        List<ConnectionRecord> recs = List.of(
                new ConnectionRecord(0, 20000, ConnectionOutcome.ANSWERED, Verdict.ACCEPT, Hostnames.A1, new HostPort(Hostnames.BRIDGE_A, 1), local, 1, ""),
                new ConnectionRecord(1, 20001, ConnectionOutcome.ANSWERED, Verdict.ACCEPT, Hostnames.A1, new HostPort(Hostnames.A1_IP, 2), local, 1, ""),
                new ConnectionRecord(2, 20002, ConnectionOutcome.TIMEOUT, Verdict.DROP, "", null, null, 900, "timed out"),
                new ConnectionRecord(3, 20003, ConnectionOutcome.ANSWERED, Verdict.ACCEPT, Hostnames.B1,
                        new HostPort(Hostnames.A1_IP, 3), new HostPort(IpAddress.parse("10.244.1.7"), 9376), 1, ""));
        EmulationResult r = EmulationResult.of("node-a", "pod/default/hostnames-a1", Hostnames.A1_IP, VIP, HairpinMode.NONE, IptablesBackend.NFT, 1,
                recs, CounterSnapshot.empty(), 1, List.of(), List.of("a note"), 0, 10);
        assertThat(r.perPod()).containsExactly(java.util.Map.entry(Hostnames.A1, 2), java.util.Map.entry(Hostnames.B1, 1));
        assertThat(r.perEndpoint()).containsEntry("10.244.0.5:9376", 2).containsEntry("10.244.1.7:9376", 1);
        assertThat(r.seenSources()).containsEntry("10.244.0.1", 1).containsEntry("10.244.0.5", 2);
        assertThat(r.count(Verdict.ACCEPT)).isEqualTo(3);
        assertThat(r.count(Verdict.DROP)).isEqualTo(1);
        assertThat(r.count(Verdict.REJECT)).isZero();
        assertThat(r.share(Hostnames.A1)).isEqualTo(0.5);
        assertThat(r.total()).isEqualTo(4);
        assertThat(r.withNotes(List.of("more")).notes()).containsExactly("a note", "more");
        assertThat(r.withSetupMillis(5).setupMillis()).isEqualTo(5);
        // an experiment made in two runs reads as one
        EmulationResult both = EmulationResult.concat(List.of(r, r));
        assertThat(both.total()).isEqualTo(8);
        assertThat(both.connections()).extracting(ConnectionRecord::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(both.count(Verdict.DROP)).isEqualTo(2);
        assertThat(both.perPod()).containsEntry(Hostnames.A1, 4);
        assertThat(both.trafficMillis()).isEqualTo(20);
        assertThat(both.sourceAddress()).isEqualTo(Hostnames.A1_IP);
        assertThat(both.synRetransmits()).isEqualTo(2);
        assertThat(EmulationSession.tcpExt("TcpExt: SyncookiesSent TCPSynRetrans\nTcpExt: 0 7\nIpExt: A\nIpExt: 1\n", "TCPSynRetrans")).isEqualTo(7);
        assertThat(EmulationSession.tcpExt("IpExt: A\nIpExt: 1\n", "TCPSynRetrans")).isZero();
        assertThatThrownBy(() -> EmulationResult.concat(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
