package dev.kpsim.scenarios.assemble;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.scenarios.raw.RawSection;
import java.util.Map;

/** The outcome of assembling everything read: the cluster, kube-proxy's configuration, and preserved sections. */
public record Assembled(Cluster cluster, ProxyConfig config, Map<String, RawSection> extensions) {
    public Assembled {
        extensions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
    }
}
