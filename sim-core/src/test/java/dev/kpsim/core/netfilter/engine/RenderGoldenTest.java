package dev.kpsim.core.netfilter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.render.TraceJsonRenderer;
import dev.kpsim.core.trace.render.TraceTextRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Whole rendered traces against golden files in {@code src/test/resources/golden/trace}. To regenerate them after an
 * intended change: {@code mvn -pl sim-core test -Dtest=RenderGoldenTest -Dkpsim.updateGoldens=true}, then review the
 * diff.
 */
class RenderGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden/trace");
    final NetfilterSimulator sim = NetfilterSimulator.of(Hostnames.ruleset(), Hostnames.env());

    static void golden(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("kpsim.updateGoldens")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void hostnamesAllBranchesText() throws IOException {
        golden("hostnames-all-branches.txt", TraceTextRenderer.render(sim.outcomesResult(Nf.tcp("10.244.3.6", "10.0.1.175:80"),
                EntryPoint.PREROUTING, new SimulationState(1)), true));
    }

    @Test
    void nodeToServiceJson() throws IOException {
        golden("node-to-service.json", TraceJsonRenderer.render(sim.traceResult(Nf.tcp("192.168.0.13", "10.0.1.175:80"),
                EntryPoint.OUTPUT, new SimulationState(1))));
    }

    @Test
    void droppedTraceText() throws IOException {
        NetfilterSimulator dropping = NetfilterSimulator.of(Nf.v4()
                .builtin("nat", "PREROUTING", "ACCEPT", Nf.rule(Nf.dnat("10.244.1.7:9376"), Nf.dst("10.0.1.175/32")))
                .builtin("filter", "FORWARD", "DROP").build(), Hostnames.env());
        golden("dropped.txt", TraceTextRenderer.render(dropping.traceResult(Nf.tcp("203.0.113.5:1234", "10.0.1.175:80"),
                EntryPoint.PREROUTING, new SimulationState(1)), false));
    }
}
