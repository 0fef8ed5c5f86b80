package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.cli.support.Modes;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.scenarios.InputLoader;
import dev.kpsim.scenarios.LoadedInput;
import dev.kpsim.scenarios.compact.ScenarioWriter;
import dev.kpsim.scenarios.compact.ScenarioWriter.Metadata;
import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import dev.kpsim.scenarios.synthetic.TypeMix;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A cluster written as a Scenario ({@link ScenarioWriter}) generates byte for byte the same rules as its original
 * input, in every format of the iptables, IPVS and nftables modes.
 */
class ScenarioRoundTripTest {
    private static final List<String> MODES = List.of("iptables", "ipvs", "nftables");

    static Stream<String> examples() throws IOException {
        Path dir = Cli.root().resolve("scenarios/examples");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.getFileName().toString().equals("hostnames-k8s"))
                    .map(Path::toString).sorted().toList().stream();
        }
    }

    private static String written(Path dir, LoadedInput in) throws IOException {
        Path file = dir.resolve("written.yaml");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            assertThat(ScenarioWriter.write(in.cluster(), in.config(), null, Metadata.NONE, w)).isEmpty();
        }
        return file.toString();
    }

    /** {@code generate} in every mode and format gives the same output (and exit code) for both inputs. */
    private static void assertSameGeneration(String original, String rewritten) {
        for (String mode : MODES) {
            for (String format : Modes.named(mode).formats()) {
                Cli.Run a = Cli.run("generate", original, "--mode", mode, "--format", format);
                Cli.Run b = Cli.run("generate", rewritten, "--mode", mode, "--format", format);
                assertThat(a.code()).as(mode + " " + format + ": " + a.err()).isZero();
                assertThat(b.code()).as(mode + " " + format).isEqualTo(a.code());
                assertThat(b.out()).as(mode + " " + format).isEqualTo(a.out());
                assertThat(b.err()).as(mode + " " + format).isEqualTo(a.err());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void examplesGenerateTheSameRulesFromTheirRewrittenScenario(String path, @TempDir Path dir) throws IOException {
        assertSameGeneration(path, written(dir, InputLoader.load(List.of(path))));
    }

    /** The synthetic cluster read from its scenario file generates what the in-memory cluster generates. */
    @Test
    void syntheticClusterFromItsFileGeneratesWhatTheClusterInMemoryGenerates(@TempDir Path dir) throws IOException {
        SyntheticCluster c = SyntheticClusterGenerator.generate(SyntheticSpec.of(40, 120).withPods(150)
                .withTypeMix(TypeMix.parse("ClusterIP=2,NodePort=1,LoadBalancer=1")).withExternalLocalShare(0.5)
                .withInternalLocalShare(0.25).withAffinityShare(0.25).withSeed(3));
        Path file = dir.resolve("synthetic.yaml");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            assertThat(ScenarioWriter.write(c.cluster(), c.config(), c.nodeName(), Metadata.NONE, w)).isEmpty();
        }
        for (String mode : MODES) {
            ProxyMode m = Modes.named(mode);
            DataPlane dp = m.generate(new ProxyInput(c.cluster(), c.config().toBuilder().mode(mode).build(), c.nodeName()));
            for (String format : m.formats()) {
                Cli.Run r = Cli.run("generate", file.toString(), "--mode", mode, "--format", format);
                assertThat(r.code()).as(mode + " " + format + ": " + r.err()).isZero();
                assertThat(r.out()).as(mode + " " + format).isEqualTo(dp.render(format));
            }
        }
    }
}
