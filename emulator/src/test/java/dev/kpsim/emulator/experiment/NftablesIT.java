package dev.kpsim.emulator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.fixtures.Hostnames;
import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.fixtures.Stats;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.core.engine.path.HairpinMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kube-proxy nftables mode's shape ({@code numgen random mod 3 vmap}) loaded with {@code nft -f} into the kernel. */
class NftablesIT {

    @Test
    void numgenSpreadsConnectionsAndHairpinIsMasqueraded() {
        EmulationSetup setup = new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A,
                List.of(new DataPlaneLoad.Nftables(Hostnames.nftRuleset())), IptablesBackend.NFT, HairpinMode.HAIRPIN_VETH);
        Preflight pf = Machine.assume(setup.needs());
        Destination vip = new Destination(Hostnames.VIP, 80, Protocol.TCP);
        try (EmulationSession s = EmulationSession.open(setup, pf, AgentLauncher.current())) {
            EmulationResult r = s.run(Traffic.of(new TrafficSource.FromPod("default", "client"), vip, 150).withParallelism(16));
            assertThat(r.count(Verdict.ACCEPT)).isEqualTo(150);
            assertThat(r.perPod()).containsOnlyKeys(Hostnames.A1, Hostnames.B1, Hostnames.B2);
            assertThat(Stats.uniformP(r.perPod().values())).isGreaterThanOrEqualTo(0.001);
            assertThat(r.counters().rules()).isEmpty();

            EmulationResult self = s.run(Traffic.of(new TrafficSource.FromPod("default", "hostnames-a1"), vip, 30).withParallelism(10));
            assertThat(self.count(Verdict.ACCEPT)).isEqualTo(30);
            assertThat(self.connections()).filteredOn(c -> c.pod().equals(Hostnames.A1))
                    .allMatch(c -> c.seenPeer().ip().equals(Hostnames.BRIDGE_A));
        }
    }
}
