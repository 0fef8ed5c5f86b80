package dev.kpsim.cli.support;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Options every command that reads a cluster shares: the input files (Kubernetes YAML/JSON, KubeProxyConfiguration,
 * kpsim scenarios; directories are read recursively, {@code -} is standard input), the node whose kube-proxy is
 * simulated, and the kube-proxy version to reproduce.
 */
public final class InputOptions {

    @Parameters(paramLabel = "FILES", arity = "0..*",
            description = "Scenario files, Kubernetes manifests (kubectl get -o yaml), a KubeProxyConfiguration, directories, or - for standard input.")
    public List<String> files = new ArrayList<>();

    @Option(names = "--node", paramLabel = "NAME",
            description = "The node whose kube-proxy is simulated (default: the configuration's hostnameOverride or the scenario's proxy.node, else the source pod's node, else the first node).")
    public String node;

    @Option(names = "--kube-proxy-version", paramLabel = "V",
            description = "Reproduce the output of this kube-proxy release (e.g. 1.35, 1.28, 1.2; default: newest).")
    public String kubeProxyVersion;
}
