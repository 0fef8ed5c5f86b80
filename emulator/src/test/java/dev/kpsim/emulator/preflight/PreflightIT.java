package dev.kpsim.emulator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.emulator.host.NetnsList;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real probe on this machine. Runs everywhere: it only reports, and must agree with what /proc says. */
class PreflightIT {

    @Test
    void reportsThisMachineTruthfully() throws Exception {
        int before = NetnsList.names().size();
        Preflight p = PreflightProbe.probe();
        p.describe().forEach(l -> System.out.println("preflight: " + l));
        assertThat(p.has(Capability.IPVS)).isEqualTo(Files.exists(Path.of("/proc/net/ip_vs")));
        if (!p.has(Capability.IPVS)) {
            assertThat(p.check(Capability.IPVS).detail()).startsWith("IPVS is not available in this kernel");
        }
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.substring(4).trim().split("\\s+")[1].equals("0"));
        assertThat(p.has(Capability.ROOT)).isEqualTo(root);
        if (root && p.has(Capability.IP)) {
            assertThat(p.has(Capability.NETNS)).isTrue();
            assertThat(p.check(Capability.NETNS).detail()).startsWith("created and deleted probe namespace kpsim-");
            // the probe namespace is gone again
            assertThat(NetnsList.names()).hasSize(before);
        } else {
            assertThat(p.has(Capability.NETNS)).isFalse();
        }
    }
}
