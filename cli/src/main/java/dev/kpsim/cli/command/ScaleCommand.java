package dev.kpsim.cli.command;

import dev.kpsim.cli.render.Json;
import dev.kpsim.cli.support.Modes;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.scenarios.compact.ScenarioWriter;
import dev.kpsim.scenarios.compact.ScenarioWriter.Metadata;
import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import dev.kpsim.scenarios.synthetic.TypeMix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kpsim scale}: what a cluster of a given size costs in a mode — rules, bytes, time, memory, kernel work. */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure kube-proxy's data plane for a synthetic cluster of any size.",
                "%nBuilds a synthetic cluster of the given size, generates what kube-proxy programs on one node, and reports rules per table and chain family, payload bytes, generation and rendering time, heap, and the kernel's cost per new connection (rules evaluated, hash lookups). With --write-scenario the cluster is also written as a scenario file that every other command reads.%n"})
public final class ScaleCommand implements Callable<Integer> {
    private static final List<String> MODES = List.of("iptables", "ipvs", "nftables");

    @Option(names = "--services", paramLabel = "N", required = true, description = "Services (one TCP port each).")
    int services;

    @Option(names = "--endpoints", paramLabel = "M", required = true, description = "Endpoints per service.")
    int endpoints;

    @Option(names = "--nodes", paramLabel = "K", description = "Nodes (default: about 30 pods per node, at most 5000).")
    int nodes;

    @Option(names = "--pods", paramLabel = "P", description = "Pods (default: one per endpoint, at most 150000; fewer pods are shared).")
    int pods;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "iptables", description = "iptables, ipvs or nftables (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--type-mix", paramLabel = "MIX", defaultValue = "ClusterIP=100",
            description = "Service type weights, e.g. ClusterIP=80,NodePort=15,LoadBalancer=5 (default: ${DEFAULT-VALUE}).")
    String typeMix;

    @Option(names = "--external-local", paramLabel = "SHARE", defaultValue = "0",
            description = "Share (0-1) of NodePort/LoadBalancer services with externalTrafficPolicy Local.")
    double externalLocal;

    @Option(names = "--internal-local", paramLabel = "SHARE", defaultValue = "0",
            description = "Share (0-1) of services with internalTrafficPolicy Local.")
    double internalLocal;

    @Option(names = "--affinity", paramLabel = "SHARE", defaultValue = "0",
            description = "Share (0-1) of services with ClientIP session affinity.")
    double affinity;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--kube-proxy-version", paramLabel = "V", description = "Reproduce this kube-proxy release (default: newest).")
    String kubeProxyVersion;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Option(names = "--write-scenario", paramLabel = "FILE",
            description = "Also write the synthetic cluster as a kpsim Scenario to FILE, for simulate, trace, generate and the other commands.")
    Path writeScenario;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!MODES.contains(mode)) {
            throw new ParameterException(spec.commandLine(), "--mode must be one of " + String.join(", ", MODES) + ", was '" + mode + "'");
        }
        ProxyMode m = Modes.named(mode);
        KubeProxyVersion version = KubeProxyVersion.LATEST;
        if (kubeProxyVersion != null) {
            version = KubeProxyVersion.parse(kubeProxyVersion).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "--kube-proxy-version '" + kubeProxyVersion + "' is not a kube-proxy version (expected e.g. 1.35, 1.28)"));
        }
        SyntheticSpec s = SyntheticSpec.of(services, endpoints).withNodes(nodes).withPods(pods)
                .withTypeMix(TypeMix.parse(typeMix)).withExternalLocalShare(externalLocal).withInternalLocalShare(internalLocal)
                .withAffinityShare(affinity).withSeed(seed).withMode(mode).withKubeProxyVersion(version);
        ScaleReport r = ScaleRun.run(s, m, c -> {
            if (writeScenario != null) {
                writeScenario(c);
            }
        });
        r.notes().forEach(d -> spec.commandLine().getErr().println(d.format()));
        var out = spec.commandLine().getOut();
        out.print(output == OutputFormat.json ? Json.write(ScaleText.json(r)) : ScaleText.text(r));
        out.flush();
        return 0;
    }

    /** Writes the cluster as a Scenario (UTF-8) and notes the file's size on standard error. */
    private void writeScenario(SyntheticCluster c) {
        SyntheticSpec s = c.spec();
        String command = "kpsim scale --services " + s.services() + " --endpoints " + s.endpointsPerService() + " --nodes "
                + c.cluster().nodes().size() + " --pods " + c.cluster().pods().size() + " --mode " + s.mode() + " --type-mix "
                + s.typeMix() + " --external-local " + s.externalLocalShare() + " --internal-local " + s.internalLocalShare()
                + " --affinity " + s.affinityShare() + " --seed " + s.seed() + " --kube-proxy-version " + s.kubeProxyVersion();
        Metadata meta = new Metadata("synthetic-" + s.services() + "x" + s.endpointsPerService(), command);
        long t0 = System.nanoTime();
        List<String> notes;
        try (Writer w = Files.newBufferedWriter(writeScenario, StandardCharsets.UTF_8)) {
            notes = ScenarioWriter.write(c.cluster(), c.config(), c.nodeName(), meta, w);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such directory"
                    : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
            throw new BadInputException(SourceLocation.ofFile(writeScenario.toString()), "write-error", "cannot write the scenario: " + why);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter err = spec.commandLine().getErr();
        notes.forEach(n -> err.println("kpsim: warning: " + n));
        long bytes;
        try {
            bytes = Files.size(writeScenario);
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.ofFile(writeScenario.toString()), "write-error",
                    "cannot read back the scenario's size: " + e.getMessage());
        }
        err.println(String.format(Locale.ROOT, "kpsim: note: wrote scenario %s (%,d bytes in %.2f s)", writeScenario, bytes, seconds));
    }
}
