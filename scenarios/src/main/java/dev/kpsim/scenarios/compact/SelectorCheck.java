package dev.kpsim.scenarios.compact;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.scenarios.derive.EndpointSliceController;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether loading a written Service's selector would make the loader derive EndpointSlices the model does not have:
 * the loader derives them ({@link dev.kpsim.scenarios.assemble.ClusterAssembler}) for a scenario Service that is not
 * ExternalName and has no slice of its own, from the pods of its namespace that its selector matches and that
 * have an address of one of its ClusterIP families (IPv4 when it has none). Pods are indexed by namespace on first
 * use, so a cluster where every Service has slices costs one pass over the slices.
 */
final class SelectorCheck {
    private final Cluster cluster;
    private final Set<String> withSlices;
    private Map<String, List<Pod>> byNamespace;

    SelectorCheck(Cluster cluster) {
        this.cluster = cluster;
        this.withSlices = cluster.endpointSlices().stream().map(EndpointSlice::serviceKey).collect(Collectors.toSet());
    }

    /** True if the loader would derive at least one endpoint for {@code s} from its selector. */
    boolean wouldDerive(Service s) {
        if (s.type() == ServiceType.ExternalName || s.selector() == null || s.selector().isEmpty() || withSlices.contains(s.key())) {
            return false;
        }
        if (byNamespace == null) {
            byNamespace = new HashMap<>();
            for (Pod p : cluster.pods()) {
                byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
            }
        }
        List<IpFamily> families = s.clusterIps().stream().map(IpAddress::family).distinct().toList();
        List<IpFamily> served = families.isEmpty() ? List.of(IpFamily.IPV4) : families;
        return byNamespace.getOrDefault(s.namespace(), List.of()).stream()
                .anyMatch(p -> EndpointSliceController.selects(s.selector(), s.namespace(), p)
                        && p.ips().stream().anyMatch(ip -> served.contains(ip.family())));
    }
}
