package dev.kpsim.emulator.topology;

import dev.kpsim.core.engine.path.HairpinMode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.experiment.DataPlaneLoad;
import dev.kpsim.emulator.experiment.Destination;
import dev.kpsim.emulator.experiment.EmulationResult;
import dev.kpsim.emulator.experiment.EmulationSession;
import dev.kpsim.emulator.experiment.EmulationSetup;
import dev.kpsim.emulator.experiment.Traffic;
import dev.kpsim.emulator.experiment.TrafficSource;
import dev.kpsim.emulator.fixtures.DualStack;
import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.rules.IptablesBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPv6 next to IPv4: addresses, routes across nodes, and an ip6tables payload. */
class DualStackIT {

    @Test
    void bothFamiliesRouteAndIp6tablesDnatWorks() {
        EmulationSetup setup = new EmulationSetup(DualStack.cluster(), "node-a",
                List.of(new DataPlaneLoad.Iptables(DualStack.payload())), IptablesBackend.NFT, HairpinMode.HAIRPIN_VETH);
        Preflight pf = Machine.assume(setup.needs());
        TrafficSource client = new TrafficSource.FromPod("default", "client");
        try (EmulationSession s = EmulationSession.open(setup, pf, AgentLauncher.current())) {
            EmulationResult v4 = s.run(Traffic.of(client, new Destination(IpAddress.parse("10.244.1.7"), 9376, Protocol.TCP), 2));
            assertThat(v4.perPod()).containsOnlyKeys("default/server");
            EmulationResult v6 = s.run(Traffic.of(client, new Destination(DualStack.SERVER_V6, 9376, Protocol.TCP), 2));
            assertThat(v6.perPod()).containsOnlyKeys("default/server");
            assertThat(v6.seenSources()).containsOnlyKeys(DualStack.CLIENT_V6.toString());
            EmulationResult vip = s.run(Traffic.of(client, new Destination(DualStack.VIP_V6, 80, Protocol.TCP), 3));
            assertThat(vip.perPod()).containsOnlyKeys("default/server");
            assertThat(vip.perEndpoint()).containsOnlyKeys("[" + DualStack.SERVER_V6 + "]:9376");
            assertThat(vip.counters().hit()).anyMatch(c -> c.chain().equals("KUBE-SERVICES") && c.packets() == 3);
        }
    }
}
