package dev.kpsim.scenarios.derive;

import dev.kpsim.core.cluster.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods indexed by namespace and by each {@code label=value}, so selecting the pods of a Service costs the size of
 * the smallest matching label bucket instead of every pod (the EndpointSlice controller's informer indexes pods by
 * namespace likewise). Immutable after construction.
 */
public final class PodIndex {
    private final Map<String, Map<String, List<Pod>>> byNamespaceAndLabel = new HashMap<>();

    public PodIndex(List<Pod> pods) {
        for (Pod p : pods) {
            Map<String, List<Pod>> ns = byNamespaceAndLabel.computeIfAbsent(p.namespace(), k -> new HashMap<>());
            p.labels().forEach((k, v) -> ns.computeIfAbsent(k + "=" + v, x -> new ArrayList<>()).add(p));
        }
    }

    /** The pods of {@code namespace} that {@code selector} (non-empty) selects, in input order. */
    public List<Pod> select(Map<String, String> selector, String namespace) {
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        Map<String, List<Pod>> ns = byNamespaceAndLabel.getOrDefault(namespace, Map.of());
        List<Pod> smallest = selector.entrySet().stream()
                .map(e -> ns.getOrDefault(e.getKey() + "=" + e.getValue(), List.of()))
                .min(Comparator.comparingInt(List::size)).orElse(List.of());
        return smallest.stream().filter(p -> EndpointSliceController.selects(selector, namespace, p)).toList();
    }
}
