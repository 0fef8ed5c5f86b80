package dev.kpsim.scenarios;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.scenarios.raw.RawSection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything kpsim read from its inputs, merged: the cluster, kube-proxy's configuration (kube-proxy's defaults if
 * none was given), the node the configuration names ({@code hostnameOverride}, or a scenario's
 * {@code proxy.node}), the preserved scenario sections by name ({@code traffic}, {@code expect}, {@code events}),
 * and the diagnostics that were not errors (warnings and notes, for standard error). Immutable.
 */
public record LoadedInput(Cluster cluster, ProxyConfig config, Optional<String> preferredNode,
                          Map<String, RawSection> extensions, List<Diagnostic> diagnostics) {

    public LoadedInput {
        extensions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
        diagnostics = List.copyOf(diagnostics);
    }
}
