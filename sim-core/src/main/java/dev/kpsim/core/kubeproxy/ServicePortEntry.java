package dev.kpsim.core.kubeproxy;

import dev.kpsim.core.cluster.Service;
import java.util.List;

/**
 * One service port on one node: what kube-proxy ingested from the Service, its endpoints in kube-proxy order,
 * and their categorisation for this node.
 */
public record ServicePortEntry(Service service, ServicePortInfo info, List<EndpointInfo> endpoints,
                               CategorizedEndpoints categorized) {
    public ServicePortEntry {
        endpoints = List.copyOf(endpoints);
    }
}
