package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: for every example scenario, the output of a fixed list of kpsim commands is kept beside the scenario
 * in {@code <example>.golden/<case>.txt} and compared byte for byte. {@code scripts/update-golden} (which sets
 * {@code KPSIM_UPDATE_GOLDEN=1}) rewrites them; their diffs are reviewed like code.
 */
class GoldenFilesTest {

    private static final boolean UPDATE = System.getenv("KPSIM_UPDATE_GOLDEN") != null;

    /**
     * One golden case: the file name (without .txt) and the kpsim arguments before the scenario path; a judging
     * command ({@code doctor}, {@code check}) may also exit 3 after printing its verdict.
     */
    record Case(String name, List<String> args, boolean judging) {
        static Case of(String name, String... args) {
            return new Case(name, Arrays.asList(args), false);
        }

        static Case judging(String name, String... args) {
            return new Case(name, Arrays.asList(args), true);
        }
    }

    /** The commands whose output every example keeps. */
    static List<Case> casesFor(String example) {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.of("show", "show"));
        cases.add(Case.of("show.json", "show", "--output", "json"));
        cases.add(Case.of("iptables.restore", "generate", "--mode", "iptables", "--format", "restore"));
        cases.add(Case.of("iptables.save", "generate", "--mode", "iptables", "--format", "save"));
        cases.add(Case.of("iptables-1.2.save", "generate", "--mode", "iptables", "--kube-proxy-version", "1.2", "--format", "save"));
        cases.add(Case.of("iptables.json", "generate", "--mode", "iptables", "--output", "json"));
        cases.add(Case.of("iptables-1.28.restore", "generate", "--mode", "iptables", "--kube-proxy-version", "1.28"));
        cases.add(Case.of("iptables-1.28.save", "generate", "--mode", "iptables", "--kube-proxy-version", "1.28", "--format", "save"));
        cases.add(Case.of("iptables-1.2.restore", "generate", "--mode", "iptables", "--kube-proxy-version", "1.2"));
        cases.add(Case.of("ipvs.all", "generate", "--mode", "ipvs", "--format", "all"));
        cases.add(Case.of("nftables.nft", "generate", "--mode", "nftables", "--format", "nft"));
        cases.add(Case.of("nftables.nft-f", "generate", "--mode", "nftables", "--format", "nft-f"));
        cases.add(Case.of("iptables.simulate", "simulate", "--mode", "iptables", "--connections", "3000", "--seed", "1"));
        cases.add(Case.of("nftables.simulate", "simulate", "--mode", "nftables", "--connections", "3000", "--seed", "1"));
        cases.add(Case.of("iptables.reach", "reach", "--mode", "iptables"));
        cases.add(Case.of("iptables.reach.json", "reach", "--mode", "iptables", "--output", "json"));
        cases.add(Case.of("nftables.reach", "reach", "--mode", "nftables"));
        cases.add(Case.of("iptables.hairpin", "hairpin", "--mode", "iptables"));
        cases.add(Case.of("iptables.hairpin.json", "hairpin", "--mode", "iptables", "--output", "json"));
        cases.add(Case.of("nftables.hairpin", "hairpin", "--mode", "nftables"));
        cases.add(Case.of("ipvs.reach", "reach", "--mode", "ipvs"));
        cases.add(Case.of("ipvs.hairpin", "hairpin", "--mode", "ipvs"));
        cases.add(Case.of("userspace.reach", "reach", "--mode", "userspace"));
        cases.add(Case.of("userspace.hairpin", "hairpin", "--mode", "userspace"));
        cases.add(Case.of("graph.dot", "graph"));
        cases.add(Case.of("graph.lint", "graph", "--lint"));
        cases.add(Case.of("nftables.graph.dot", "graph", "--mode", "nftables"));
        cases.add(Case.of("userspace.restore", "generate", "--mode", "userspace", "--format", "restore"));
        cases.add(Case.of("userspace.save", "generate", "--mode", "userspace", "--format", "save"));
        cases.add(Case.of("userspace.proxier", "generate", "--mode", "userspace", "--format", "proxier"));
        cases.add(Case.of("ipvs.simulate", "simulate", "--mode", "ipvs", "--connections", "3000", "--seed", "1"));
        cases.add(Case.of("userspace.simulate", "simulate", "--mode", "userspace", "--connections", "3000", "--seed", "1"));
        cases.add(Case.judging("doctor", "doctor"));
        cases.add(Case.judging("nftables.doctor", "doctor", "--mode", "nftables", "--no-explain"));
        cases.add(Case.judging("check", "check"));
        switch (example) {
            case "hostnames-ipvs.yaml" -> {
                cases.add(Case.of("ipvs.trace-hairpin", "trace", "--mode", "ipvs", "--src", "10.244.0.7:40000", "--dst", "10.0.1.175:80"));
                cases.add(Case.of("ipvs.trace-node", "trace", "--mode", "ipvs", "--src", "10.0.1.175:40000", "--dst", "10.0.1.175:80"));
                cases.add(Case.of("ipvs.simulate-timed", "simulate", "--mode", "ipvs", "--connections", "300",
                        "--connection-interval", "exp:1s", "--connection-duration", "exp:30s"));
            }
            case "hostnames-userspace.yaml" -> {
                cases.add(Case.of("userspace.trace", "trace", "--mode", "userspace", "--src", "10.244.0.6:40000", "--dst", "10.0.1.175:80"));
                cases.add(Case.of("userspace.trace-host", "trace", "--mode", "userspace", "--src", "10.240.115.247:40000", "--dst", "10.0.1.175:80"));
            }
            case "affinity-multiport.yaml" -> {
                cases.add(Case.of("ipvs.trace-affinity", "trace", "--mode", "ipvs", "--src", "10.244.1.30:40000", "--dst", "10.96.0.80:80"));
                cases.add(Case.of("ipvs.trace-no-endpoints", "trace", "--mode", "ipvs", "--src", "10.244.1.30:40000", "--dst", "10.96.0.81:5432"));
                cases.add(Case.of("ipvs.simulate-affinity-expiry", "simulate", "--mode", "ipvs", "--connections", "300",
                        "--service", "default/api:http", "--connection-interval", "fixed:11m"));
            }
            case "nodeport-local.yaml" -> {
                cases.add(Case.of("ipvs.trace-nodeport", "trace", "--mode", "ipvs",
                        "--src", "203.0.113.5:40000", "--dst", "10.240.0.13:30080"));
                // a pod on node-1 to node-3's NodePort: pod traffic goes to the cluster-wide endpoints, unmasqueraded
                cases.add(Case.of("iptables.trace-reply-bypass", "trace", "--mode", "iptables", "--all-branches",
                        "--src", "10.244.1.10:40000", "--dst", "10.240.0.13:30080"));
            }
            case "hostnames.yaml" -> {
                // no clusterCIDR: an external client's connection to a remote endpoint is not masqueraded, and the
                // endpoint's reply bypasses node-1 (the emulator shows the kernel drops it)
                cases.add(Case.of("iptables.trace-reply-bypass", "trace", "--mode", "iptables", "--all-branches",
                        "--src", "203.0.113.10:40000", "--dst", "10.0.1.175:80"));
                cases.add(Case.of("nftables.trace-reply-bypass", "trace", "--mode", "nftables", "--all-branches",
                        "--src", "203.0.113.10:40000", "--dst", "10.0.1.175:80"));
            }
            default -> {
            }
        }
        return cases;
    }

    static List<Path> examples() {
        Path dir = Cli.root().resolve("scenarios/examples");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || (Files.isDirectory(p) && !p.toString().endsWith(".golden")
                    && holdsYaml(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean holdsYaml(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.toString().endsWith(".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path goldenDir(Path example) {
        String base = example.getFileName().toString().replaceFirst("\\.yaml$", "");
        return example.resolveSibling(base + ".golden");
    }

    @TestFactory
    Stream<DynamicTest> everyExampleMatchesItsGoldenFiles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path example : examples()) {
            for (Case c : casesFor(example.getFileName().toString())) {
                tests.add(DynamicTest.dynamicTest(example.getFileName() + " " + c.name(), () -> check(example, c)));
            }
        }
        return tests.stream();
    }

    private static void check(Path example, Case c) throws IOException {
        List<String> args = new ArrayList<>(c.args());
        args.add(example.toString());
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as("exit code of kpsim %s (stderr: %s)", String.join(" ", args), r.err())
                .isIn(c.judging() ? List.of(ExitCode.OK, ExitCode.EXPECTATION_FAILED) : List.of(ExitCode.OK));
        Path golden = goldenDir(example).resolve(c.name() + ".txt");
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, r.out());
            return;
        }
        assertThat(golden).as("golden file %s (run scripts/update-golden to create it)", Cli.root().relativize(golden)).exists();
        assertThat(r.out()).as("kpsim %s differs from %s; run scripts/update-golden and review the diff",
                String.join(" ", c.args()), Cli.root().relativize(golden)).isEqualTo(Files.readString(golden));
    }
}
