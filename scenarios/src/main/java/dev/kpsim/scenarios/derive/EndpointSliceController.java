package dev.kpsim.scenarios.derive;

import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the EndpointSlice controller ({@code pkg/controller/endpointslice}, {@code staging/src/k8s.io/endpointslice})
 * writes for a Service with a selector, computed in one pass:
 * <ul>
 *   <li>pods of the Service's namespace whose labels match the selector and that have an IP of the slice's family,
 *       terminating ones included;</li>
 *   <li>per pod, one endpoint port per Service port: a numeric targetPort as is, a named one resolved against the
 *       pod's container ports with the same name and protocol ({@code FindPort}); a port the pod lacks is left out
 *       for that pod;</li>
 *   <li>conditions {@code serving = pod Ready}, {@code terminating = deletionTimestamp set},
 *       {@code ready = serving && !terminating}; {@code nodeName}, the node's zone, and the pod as targetRef;</li>
 *   <li>one slice per address family and distinct resolved port set, at most {@value #MAX_ENDPOINTS_PER_SLICE}
 *       endpoints each, named by {@link SliceNames}.</li>
 * </ul>
 * Endpoints are ordered by pod namespace/name (the controller's order is not meaningful; kube-proxy sorts).
 */
public final class EndpointSliceController {
    /** The controller's default {@code --max-endpoints-per-slice}. */
    public static final int MAX_ENDPOINTS_PER_SLICE = 100;

    private EndpointSliceController() {
    }

    /** True if {@code pod} is selected by the non-empty {@code selector} in {@code namespace}. */
    public static boolean selects(Map<String, String> selector, String namespace, Pod pod) {
        return selector != null && !selector.isEmpty() && pod.namespace().equals(namespace)
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(pod.labels().get(e.getKey())));
    }

    /** {@code FindPort}: the pod's port number for a Service port, if it has one. */
    public static Optional<Integer> findPort(Pod pod, ServicePort sp) {
        if (!sp.targetPort().isNamed()) {
            return Optional.of(sp.targetPort().number());
        }
        return pod.containerPorts().stream()
                .filter(cp -> cp.name().equals(sp.targetPort().name()) && cp.protocol() == sp.protocol())
                .map(ContainerPort::port).findFirst();
    }

    /** The slices for {@code svc} over {@code families}; empty if it has no selector. O(pods · ports). */
    public static List<EndpointSlice> derive(Service svc, List<IpFamily> families, List<Pod> pods, Map<String, Node> nodes) {
        List<EndpointSlice> out = new ArrayList<>();
        if (svc.selector() == null || svc.selector().isEmpty()) {
            return out;
        }
        List<Pod> selected = pods.stream().filter(p -> selects(svc.selector(), svc.namespace(), p))
                .sorted(Comparator.comparing(Pod::key)).toList();
        for (IpFamily family : families) {
            Map<String, List<EndpointPort>> portSets = new LinkedHashMap<>();
            Map<String, List<SliceEndpoint>> groups = new LinkedHashMap<>();
            for (Pod pod : selected) {
                List<IpAddress> addresses = pod.ips().stream().filter(ip -> ip.family() == family).toList();
                if (addresses.isEmpty()) {
                    continue;
                }
                List<EndpointPort> ports = new ArrayList<>();
                for (ServicePort sp : svc.ports()) {
                    findPort(pod, sp).ifPresent(n -> ports.add(new EndpointPort(sp.name(), sp.protocol(), n)));
                }
                String key = ports.stream().map(p -> p.name() + "/" + p.protocol().lower() + "/" + p.port()).collect(Collectors.joining(","));
                portSets.putIfAbsent(key, ports);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(endpoint(pod, addresses, nodes));
            }
            for (Map.Entry<String, List<SliceEndpoint>> g : groups.entrySet()) {
                List<SliceEndpoint> eps = g.getValue();
                for (int chunk = 0; chunk * MAX_ENDPOINTS_PER_SLICE < eps.size(); chunk++) {
                    List<SliceEndpoint> part = eps.subList(chunk * MAX_ENDPOINTS_PER_SLICE,
                            Math.min(eps.size(), (chunk + 1) * MAX_ENDPOINTS_PER_SLICE));
                    String identity = svc.key() + "|" + family.kubernetesName() + "|" + g.getKey() + "|" + chunk;
                    out.add(new EndpointSlice(svc.namespace(), SliceNames.generate(svc.name(), identity), svc.name(), family,
                            portSets.get(g.getKey()), part, svc.location()));
                }
            }
        }
        return out;
    }

    private static SliceEndpoint endpoint(Pod pod, List<IpAddress> addresses, Map<String, Node> nodes) {
        boolean serving = pod.ready();
        boolean terminating = pod.terminating();
        String nodeName = pod.nodeName() == null || pod.nodeName().isEmpty() ? null : pod.nodeName();
        Node node = nodeName == null ? null : nodes.get(nodeName);
        String zone = node == null || node.zone() == null || node.zone().isEmpty() ? null : node.zone();
        return new SliceEndpoint(addresses, serving && !terminating, serving, terminating, nodeName, zone, List.of(), List.of(), pod.key());
    }
}
