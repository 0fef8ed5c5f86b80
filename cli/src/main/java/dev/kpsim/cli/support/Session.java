package dev.kpsim.cli.support;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.scenarios.InputLoader;
import dev.kpsim.scenarios.LoadedInput;
import dev.kpsim.scenarios.NodeChoice;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * One command's loaded inputs: the cluster and kube-proxy configuration (with command-line overrides applied), the
 * scenario's extra sections, and a way to choose the simulated node. Loading prints warnings and notes to standard
 * error; errors surface as {@link BadInputException}.
 */
public final class Session {
    private final LoadedInput input;
    private final ProxyConfig config;
    private final InputOptions options;
    private final PrintWriter err;

    private Session(LoadedInput input, ProxyConfig config, InputOptions options, PrintWriter err) {
        this.input = input;
        this.config = config;
        this.options = options;
        this.err = err;
    }

    /**
     * Loads the inputs named by {@code options}, applying {@code --kube-proxy-version} and {@code modeOverride}
     * (null to keep the configuration's mode).
     */
    public static Session load(InputOptions options, String modeOverride, PrintWriter err) {
        if (options.files.isEmpty()) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "no-input",
                    "no input files given (name scenario or Kubernetes YAML files, a directory, or - for standard input)");
        }
        LoadedInput in = InputLoader.load(options.files);
        for (Diagnostic d : in.diagnostics()) {
            err.println(d.format());
        }
        ProxyConfig cfg = in.config();
        if (options.kubeProxyVersion != null) {
            KubeProxyVersion v = KubeProxyVersion.parse(options.kubeProxyVersion)
                    .orElseThrow(() -> new BadInputException(SourceLocation.ofFile("kpsim"), "bad-version",
                            "--kube-proxy-version '" + options.kubeProxyVersion + "' is not a kube-proxy version (expected e.g. 1.35, v1.28.3, 1.2)"));
            cfg = cfg.toBuilder().kubeProxyVersion(v).build();
        }
        if (modeOverride != null) {
            cfg = cfg.toBuilder().mode(modeOverride).build();
        }
        return new Session(in, cfg, options, err);
    }

    public Cluster cluster() {
        return input.cluster();
    }

    public ProxyConfig config() {
        return config;
    }

    public LoadedInput loaded() {
        return input;
    }

    /** Chooses the node (explicit {@code --node}, configured node, the packet source's node, or the first), noting the choice on stderr. */
    public String node(Optional<IpAddress> packetSource) {
        NodeChoice.Chosen chosen = NodeChoice.choose(cluster(), config, Optional.ofNullable(options.node), packetSource);
        chosen.note().ifPresent(n -> err.println("kpsim: note: " + n));
        return chosen.nodeName();
    }

    /** The generation input for the chosen node. */
    public ProxyInput proxyInput(String nodeName) {
        return new ProxyInput(cluster(), config, nodeName);
    }

    /** Prints generation notes (e.g. which flavour a version maps to) to standard error. */
    public void printNotes(List<Diagnostic> notes) {
        for (Diagnostic d : notes) {
            err.println(d.format());
        }
    }
}
