package dev.kpsim.bench;

import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The physical reference: the real kernel loading the same iptables-restore payload kpsim generates, with
 * {@code iptables-restore --noflush} (as kube-proxy runs it) inside a throwaway network namespace
 * ({@code unshare -n}, so the host's tables are never touched). Each operation starts a fresh namespace and first
 * creates the {@code nfacct} counters the payload's {@code -m nfacct} rules name (kube-proxy creates them over
 * netlink before its first sync); {@code emptyPayload} measures that overhead alone (the same counters, an empty nat
 * table). Needs root (CAP_NET_ADMIN), iptables and nfacct.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class KernelRestoreBenchmark {

    @Param({"10000"})
    public int services;

    @Param({"10"})
    public int endpoints;

    /**
     * Which iptables: {@code legacy} (the {@code ip_tables} blob, {@code iptables-legacy-restore}) or {@code nft}
     * ({@code iptables-nft-restore}, the nf_tables backend). iptables-nft 1.8.9 grows much faster than linearly with
     * the number of chains (about 20 s at 1,000 services, 8 minutes at 3,000 on the reference machine), so the default
     * run measures legacy and nft is run at a smaller size.
     */
    @Param({"legacy"})
    public String backend;

    private Path payload;
    private Path empty;
    private List<String> counters;

    @Setup
    public void setUp() throws IOException {
        String text = new IptablesMode().generate(SyntheticClusterGenerator.generate(SyntheticSpec.of(services, endpoints)
                .withSeed(ClusterBenchmarkBase.SEED)).proxyInput()).render("restore");
        counters = new ArrayList<>(new TreeSet<>(Pattern.compile("--nfacct-name (\\S+)").matcher(text).results()
                .map(m -> m.group(1)).toList()));
        payload = Files.createTempFile("kpsim-payload", ".txt");
        Files.writeString(payload, text, StandardCharsets.UTF_8);
        empty = Files.createTempFile("kpsim-empty", ".txt");
        Files.writeString(empty, "*nat\nCOMMIT\n", StandardCharsets.UTF_8);
        restore(empty);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(payload);
        Files.deleteIfExists(empty);
    }

    @Benchmark
    public int iptablesRestore() throws IOException {
        return restore(payload);
    }

    @Benchmark
    public int emptyPayload() throws IOException {
        return restore(empty);
    }

    /**
     * Runs {@code unshare -n sh -c 'nfacct add NAME && … && exec iptables-BACKEND-restore --noflush' < file}; fails
     * the benchmark if the kernel refuses the payload.
     */
    private int restore(Path file) throws IOException {
        if (!backend.equals("legacy") && !backend.equals("nft")) {
            throw new IllegalArgumentException("backend must be legacy or nft, was " + backend);
        }
        StringBuilder script = new StringBuilder();
        for (String c : counters) {
            script.append("nfacct add ").append(c).append(" && ");
        }
        script.append("exec iptables-").append(backend).append("-restore --noflush");
        Process p = new ProcessBuilder(List.of("unshare", "-n", "sh", "-c", script.toString()))
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException("unshare -n iptables-" + backend + "-restore failed (" + code + "): " + out.strip());
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
