package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes, usage errors and bad input: the CLI never throws and never prints a stack trace. */
class CliBasicsTest {

    @Test
    void versionNamesKpsimAndTheNewestKubeProxy() {
        Cli.Run r = Cli.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("kpsim ").contains("reproduces kube-proxy output up to v1.35");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Run r = Cli.run();
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kpsim: a command is required\nTry 'kpsim --help' for more information.\n");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Run r = Cli.run("show", "--bogus", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("kpsim: Unknown option: '--bogus'").contains("Try 'kpsim show --help'");
    }

    @Test
    void missingInputIsBadInput() {
        Cli.Run r = Cli.run("show");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).isEqualTo("kpsim: no input files given (name scenario or Kubernetes YAML files, a directory, or - for standard input)\n");
    }

    @Test
    void malformedYamlGivesFileLineColumnAndExit2(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "kind: Scenario\nservices:\n  - name: web\n   ports: [\n");
        Cli.Run r = Cli.run("show", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(f + ":4:").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badAddressIsLocated(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("badip.yaml");
        Files.writeString(f, """
                apiVersion: kpsim.dev/v1alpha1
                kind: Scenario
                nodes:
                  - name: n1
                    addresses: [10.0.0.300]
                """);
        Cli.Run r = Cli.run("generate", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith(f + ":5:").contains("10.0.0.300");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownModeIsAUsageError() {
        Cli.Run r = Cli.run("generate", "--mode", "ebpf", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("kpsim: unknown mode 'ebpf'; kpsim knows: ").contains("iptables").contains("ipvs");
    }

    @Test
    void unknownFormatNamesTheModesFormats() {
        Cli.Run r = Cli.run("generate", "--format", "yaml", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("mode iptables has no format 'yaml'; formats: restore");
    }

    @Test
    void badVersionIsBadInput() {
        Cli.Run r = Cli.run("generate", "--kube-proxy-version", "two", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).isEqualTo("kpsim: --kube-proxy-version 'two' is not a kube-proxy version (expected e.g. 1.35, v1.28.3, 1.2)\n");
    }
}
