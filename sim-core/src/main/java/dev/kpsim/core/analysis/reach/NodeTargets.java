package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.mode.ProxyMode;
import java.util.List;
import java.util.Optional;

/**
 * The nodes an analysis may run packets through. A generated cluster gives one target per node (its own kube-proxy's
 * data plane, generated on first use and kept); a real node's dump gives exactly one.
 */
public interface NodeTargets {

    /** The target of {@code nodeName}; empty if that node cannot be simulated here (a dump of another node). */
    Optional<NodeTarget> node(String nodeName);

    /** The data plane generated for {@code nodeName}, when the targets were generated (empty for a dump). */
    default Optional<dev.kpsim.core.mode.DataPlane> dataPlane(String nodeName) {
        return Optional.empty();
    }

    /** Notes produced while building targets (generation notes), each once, in the order first seen. */
    default List<Diagnostic> notes() {
        return List.of();
    }

    /** The data plane {@code mode} generates for each node of {@code cluster}, simulated; built lazily and cached. */
    static NodeTargets generated(ProxyMode mode, Cluster cluster, ProxyConfig config) {
        return new GeneratedNodeTargets(mode, cluster, config);
    }

    /** Only {@code target} (a real node's dump). */
    static NodeTargets single(NodeTarget target) {
        return name -> name.equals(target.nodeName()) ? Optional.of(target) : Optional.empty();
    }
}
