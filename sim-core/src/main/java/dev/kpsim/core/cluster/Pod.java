package dev.kpsim.core.cluster;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpAddress;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes Pod as far as services care: labels, its IPs ({@code status.podIPs}), node, declared container
 * ports (for named targetPorts), readiness, and whether it uses the host network.
 */
public record Pod(
        String namespace,
        String name,
        Map<String, String> labels,
        List<IpAddress> ips,
        String nodeName,
        List<ContainerPort> containerPorts,
        boolean ready,
        boolean terminating,
        boolean hostNetwork,
        SourceLocation location) {

    public Pod {
        labels = Map.copyOf(labels);
        ips = List.copyOf(ips);
        containerPorts = List.copyOf(containerPorts);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }
}
