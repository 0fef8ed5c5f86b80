package dev.kpsim.core.netfilter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.conntrack.NetfilterState;
import dev.kpsim.core.conntrack.RecentTable;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ClientIP session affinity through {@code recent} lists, as kube-proxy writes it (iptables.md §7). */
class AffinityTest {
    final NetfilterSimulator sim = NetfilterSimulator.of(Hostnames.ruleset(true), Hostnames.env());

    static Packet from(String client, int port) {
        return Nf.tcp(client + ":" + port, "10.0.1.175:80");
    }

    @Test
    void newConnectionsFromOneClientStickToTheFirstEndpoint() {
        SimulationState s = new SimulationState(99);
        assertThat(sim.outcomes(from("10.244.3.7", 30000), EntryPoint.PREROUTING, s)).hasSize(3)
                .allSatisfy(o -> assertThat(o.probability()).isCloseTo(1.0 / 3, within(1e-6)));
        HostPort first = sim.trace(from("10.244.3.7", 30000), EntryPoint.PREROUTING, s).destination();
        for (int port = 30001; port < 30050; port++) {
            assertThat(sim.trace(from("10.244.3.7", port), EntryPoint.PREROUTING, s).destination()).isEqualTo(first);
        }
        assertThat(sim.outcomes(from("10.244.3.7", 31000), EntryPoint.PREROUTING, s)).singleElement()
                .satisfies(o -> {
                    assertThat(o.destination()).isEqualTo(first);
                    assertThat(o.probability()).isEqualTo(1.0);
                });
        // another client is balanced independently
        assertThat(sim.outcomes(from("10.244.3.8", 30000), EntryPoint.PREROUTING, s)).hasSize(3);
    }

    @Test
    void affinityExpiresAfterTheTimeoutAndIsReaped() {
        SimulationState s = new SimulationState(3);
        Outcome first = sim.trace(from("10.244.3.7", 30000), EntryPoint.PREROUTING, s);
        String list = Hostnames.SEPS[java.util.Arrays.asList(Hostnames.EPS).indexOf(first.destination().ip().toString())];
        s.advanceMillis(10_800_000);
        assertThat(sim.outcomes(from("10.244.3.7", 30001), EntryPoint.PREROUTING, s)).as("exactly 10800 s: still recent")
                .hasSize(1);
        s.advanceMillis(1);
        assertThat(sim.outcomes(from("10.244.3.7", 30002), EntryPoint.PREROUTING, s)).as("later: balanced again").hasSize(3);
        RecentTable t = NetfilterState.of(s, "node-3").recent().read(list);
        assertThat(t.lookup(IpAddress.parse("10.244.3.7"))).as("outcomes leaves the list alone").isNotNull();
        sim.trace(from("10.244.3.7", 30003), EntryPoint.PREROUTING, s);
        Set<String> stillListed = new HashSet<>();
        for (String sep : Hostnames.SEPS) {
            RecentTable r = NetfilterState.of(s, "node-3").recent().read(sep);
            if (r != null && r.lookup(IpAddress.parse("10.244.3.7")) != null && r.lookup(IpAddress.parse("10.244.3.7"))
                    .lastSeen() < s.nowMillis()) {
                stillListed.add(sep);
            }
        }
        assertThat(stillListed).as("--reap removed the expired entry").isEmpty();
    }

    @Test
    void affinityIsPerClientAddressNotPerConnectionDistribution() {
        SimulationState s = new SimulationState(17);
        int[] counts = new int[3];
        for (int c = 0; c < 90; c++) {
            String client = "10.244." + (1 + c / 200) + "." + (10 + c);
            HostPort d = sim.trace(from(client, 40000), EntryPoint.PREROUTING, s).destination();
            counts[java.util.Arrays.asList(Hostnames.EPS).indexOf(d.ip().toString())]++;
            assertThat(sim.trace(from(client, 40001), EntryPoint.PREROUTING, s).destination()).isEqualTo(d);
        }
        for (int n : counts) {
            assertThat(n).isBetween(15, 45);
        }
    }

    @Test
    void aListRemembersAtMostOneHundredAddresses() {
        RecentTable t = new RecentTable();
        for (int i = 0; i < 101; i++) {
            t.init(IpAddress.v4(10, 0, 0, i), i);
        }
        assertThat(t.size()).isEqualTo(RecentTable.ADDRESSES);
        assertThat(t.lookup(IpAddress.v4(10, 0, 0, 0))).isNull();
        assertThat(t.lookup(IpAddress.v4(10, 0, 0, 100))).isNotNull();
        t.update(t.lookup(IpAddress.v4(10, 0, 0, 1)), 500);
        t.init(IpAddress.v4(10, 0, 1, 0), 501);
        assertThat(t.lookup(IpAddress.v4(10, 0, 0, 1))).as("updated entries move to the recent end").isNotNull();
        assertThat(t.lookup(IpAddress.v4(10, 0, 0, 2))).isNull();
    }
}
