package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    static String[] examples() throws IOException {
        try (Stream<Path> s = Files.list(Cli.root().resolve("scenarios/examples"))) {
            return Stream.concat(Stream.of("check"), s.filter(p -> p.toString().endsWith(".yaml")).sorted().map(Path::toString))
                    .toArray(String[]::new);
        }
    }

    @Test
    void everyExampleMeetsItsExpectations(@TempDir Path dir) throws IOException {
        Path junit = dir.resolve("report.xml");
        String[] args = examples();
        String[] withJunit = Stream.concat(Stream.of(args), Stream.of("--junit", junit.toString())).toArray(String[]::new);
        Cli.Run r = Cli.run(withJunit);
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).doesNotContain("FAIL").endsWith("check: 64 passed, 0 failed, 0 skipped\n");
        String xml = Files.readString(junit);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kpsim check\" tests=\"64\" failures=\"0\" errors=\"0\" skipped=\"0\">\n")
                .contains("  <testsuite name=\"hostnames-ipvs.yaml [ipvs, node node-1]\" tests=\"7\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
                        + "    <testcase classname=\"hostnames-ipvs.yaml [ipvs, node node-1]\" name=\"reach pod default/hostnames-632524106-bbpiw -&gt; service default/hostnames\"/>\n")
                .endsWith("</testsuites>\n");
    }

    @Test
    void aFailedExpectationShowsWhatDiffersAndExits3(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("wrong.yaml");
        Files.writeString(scenario, Files.readString(Path.of(Cli.example("nodeport-local.yaml"))).replace(
                "      verdict: DROP\n", "      verdict: REJECT\n"));
        Path junit = dir.resolve("r.xml");
        Cli.Run r = Cli.run("check", "--mode", "iptables", scenario.toString(), "--junit", junit.toString());
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).isEqualTo("""
                wrong.yaml [iptables, node node-3]
                  FAIL  the NodePort is a black hole on node-3 for external clients
                          expected: REJECT
                          actual:   DROP
                          at wrong.yaml:49:7
                  ok    the node itself still reaches every endpoint through its NodePort: 10.244.1.10:8080 50.0% (masquerade to 10.240.0.13), 10.244.2.10:8080 50.0% (masquerade to 10.240.0.13)
                  ok    reach node node-3 -> service default/web:http: 10.244.1.10:8080 50.0% (masquerade to 10.240.0.13), 10.244.2.10:8080 50.0% (masquerade to 10.240.0.13)
                  ok    present -A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j DROP: present
                  ok    rule count nat KUBE-SVL-CDGGSHYLG3RE2FKL: 0 rules

                check: 4 passed, 1 failed, 0 skipped
                """);
        assertThat(Files.readString(junit)).contains("<failure message=\"expected REJECT, actual DROP\" type=\"expectation\">"
                + "expected: REJECT\nactual:   DROP\nat wrong.yaml:49:7</failure>");
    }

    @Test
    void flowTablesInKubeProxysStyleFromTsvAndYaml(@TempDir Path dir) throws IOException {
        Path tsv = dir.resolve("flows.tsv");
        Files.writeString(tsv, "name\tsourceIP\tdestIP\tdestPort\toutput\tmasq\n"
                + "to the NodePort from outside\t192.0.2.10\t10.240.0.13\t30080\tDROP\tfalse\n"
                + "to the ClusterIP from the node\t10.240.0.13\t10.96.0.10\t80\t10.244.1.10:8080, 10.244.2.10:8080\ttrue\n");
        Path yaml = dir.resolve("flows.yaml");
        Files.writeString(yaml, "flows:\n  - {name: wrong, sourceIP: 192.0.2.10, destIP: 10.240.0.13, destPort: 30080, output: \"\", masq: false}\n");
        Path bare = dir.resolve("bare.yaml");
        Files.writeString(bare, Files.readString(Path.of(Cli.example("nodeport-local.yaml"))).replaceAll("(?s)\n# What `kpsim check`.*", "\n"));
        Cli.Run ok = Cli.run("check", bare.toString(), "--flows", tsv.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).isEqualTo("""
                bare.yaml [iptables, node node-3]
                  ok    flow to the NodePort from outside: output "DROP", masq false
                  ok    flow to the ClusterIP from the node: output "10.244.1.10:8080, 10.244.2.10:8080", masq true

                check: 2 passed, 0 failed, 0 skipped
                """);
        Cli.Run wrong = Cli.run("check", bare.toString(), "--flows", yaml.toString());
        assertThat(wrong.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(wrong.out()).contains("""
                  FAIL  flow wrong
                          expected: output "", masq false
                          actual:   output "DROP", masq false
                          at flows.yaml:2:5
                """);
    }

    @Test
    void aScenarioWithoutExpectationsHasNothingToCheck() {
        Cli.Run r = Cli.run("check", Cli.example("hostnames-k8s"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("hostnames-k8s [iptables, node node-1]\n  (no expectations)\n\ncheck: 0 passed, 0 failed, 0 skipped\n");
        assertThat(r.err()).contains("kpsim: note: hostnames-k8s has no expect: section and no --flows were given: nothing to check\n");
    }

    @Test
    void aBadExpectSectionIsALocatedError(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("bad.yaml");
        Files.writeString(scenario, Files.readString(Path.of(Cli.example("hostnames.yaml"))).replace("  hairpin:\n", "  hairpins:\n"));
        Cli.Run r = Cli.run("check", scenario.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).isEqualTo(scenario + ":72:3: unknown field 'hairpins' in expect (did you mean 'hairpin'?); known: "
                + "distribution, flows, hairpin, modes, node, reach, rules\n");
        assertThat(r.out()).isEmpty();
        Cli.Run noFlows = Cli.run("check", scenario.toString().replace("bad.yaml", "nofile.yaml"));
        assertThat(noFlows.code()).isEqualTo(ExitCode.BAD_INPUT);
        Files.writeString(dir.resolve("nofile.yaml"), Files.readString(Path.of(Cli.example("hostnames.yaml"))));
        Cli.Run missing = Cli.run("check", dir.resolve("nofile.yaml").toString());
        assertThat(missing.err()).isEqualTo(dir.resolve("nofile.yaml") + ":84:10: flows file hostnames.flows.tsv does not exist (resolved to "
                + dir.resolve("hostnames.flows.tsv") + ")\n");
        Files.copy(Path.of(Cli.example("hostnames.flows.tsv")), dir.resolve("hostnames.flows.tsv"));
        Path pod = dir.resolve("pod.yaml");
        Files.writeString(pod, Files.readString(Path.of(Cli.example("hostnames.yaml"))).replace("- pod: default/hostnames-632524106-ly40y", "- pod: default/nosuch"));
        Cli.Run p = Cli.run("check", pod.toString());
        assertThat(p.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(p.err()).endsWith(pod + ":73:7: no pod default/nosuch in the cluster\n");
    }

    @Test
    void aDumpCanBeCheckedAgainstTheScenariosExpectations() {
        Cli.Run r = Cli.run("check", DoctorCommandTest.DRIFT, "--iptables-save", DoctorCommandTest.DUMP, "--node-ip", "192.168.49.2",
                "--flows", Cli.root().resolve("cli/src/test/resources/check/flannel-flows.tsv").toString());
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).isEqualTo("""
                node-flannel-docker.yaml [iptables-save node-flannel-docker.iptables-save, node worker-1]
                  ok    flow dns from a pod: output "10.244.0.2:53, 10.244.0.3:53", masq false
                  FAIL  flow web from a pod
                          expected: output "10.244.1.5:8080, 10.244.2.7:8080, 10.244.2.8:8080", masq true
                          actual:   output "10.244.1.5:8080, 10.244.1.6:8080, 10.244.2.7:8080", masq true
                          at flannel-flows.tsv:3:1

                check: 1 passed, 1 failed, 0 skipped
                """);
        assertThat(List.of(r.err().split("\n"))).doesNotContain("Exception");
    }
}
