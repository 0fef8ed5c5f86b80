package dev.kpsim.core.kubeproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The result of kube-proxy's {@code CategorizeEndpoints} ({@code pkg/proxy/topology.go}) for one service port on
 * one node: the endpoints that cluster-wide traffic may use, those that node-local traffic may use, the union
 * that needs endpoint chains, and whether the service has any usable endpoint at all (anywhere).
 *
 * <p>All lists are in kube-proxy's endpoint order (string order of {@code ip:port}).
 */
public record CategorizedEndpoints(List<EndpointInfo> clusterEndpoints, List<EndpointInfo> localEndpoints,
                                   List<EndpointInfo> allReachable, boolean hasAnyEndpoints) {

    public CategorizedEndpoints {
        clusterEndpoints = List.copyOf(clusterEndpoints);
        localEndpoints = List.copyOf(localEndpoints);
        allReachable = List.copyOf(allReachable);
    }

    /**
     * Categorises sorted endpoints for a service port on the node {@code nodeName} in zone {@code zone} (zone may
     * be null). Topology hints are used only when every ready endpoint carries them and one matches this node.
     * O(endpoints).
     */
    public static CategorizedEndpoints categorize(ServicePortInfo svc, List<EndpointInfo> endpoints,
                                                  String nodeName, String zone) {
        List<EndpointInfo> cluster = List.of();
        List<EndpointInfo> local = List.of();
        boolean hasAny = false;
        boolean useTopology = false;
        boolean useServingTerminating = false;
        Topology topology = Topology.NONE;

        if (svc.usesClusterEndpoints()) {
            topology = topologyFor(endpoints, nodeName, zone);
            useTopology = topology != Topology.NONE;
            final Topology t = topology;
            cluster = endpoints.stream().filter(ep -> ep.ready() && availableForTopology(ep, t, nodeName, zone)).toList();
            if (cluster.isEmpty()) {
                cluster = endpoints.stream().filter(ep -> ep.serving() && ep.terminating()).toList();
            }
            hasAny = !cluster.isEmpty();
        }
        if (!svc.usesLocalEndpoints()) {
            return new CategorizedEndpoints(cluster, List.of(), cluster, hasAny);
        }
        boolean hasLocalReady = false;
        boolean hasLocalServingTerminating = false;
        for (EndpointInfo ep : endpoints) {
            if (ep.ready()) {
                hasAny = true;
                hasLocalReady |= ep.local();
            } else if (ep.serving() && ep.terminating()) {
                hasAny = true;
                hasLocalServingTerminating |= ep.local();
            }
        }
        if (hasLocalReady) {
            local = endpoints.stream().filter(ep -> ep.local() && ep.ready()).toList();
        } else if (hasLocalServingTerminating) {
            useServingTerminating = true;
            local = endpoints.stream().filter(ep -> ep.local() && ep.serving() && ep.terminating()).toList();
        }
        if (!svc.usesClusterEndpoints()) {
            return new CategorizedEndpoints(List.of(), local, local, hasAny);
        }
        if (!useTopology && !useServingTerminating) {
            return new CategorizedEndpoints(cluster, local, cluster, hasAny);
        }
        TreeSet<EndpointInfo> union = new TreeSet<>(cluster);
        union.addAll(local);
        return new CategorizedEndpoints(cluster, local, new ArrayList<>(union), hasAny);
    }

    private enum Topology { NONE, NODE, ZONE }

    private static Topology topologyFor(List<EndpointInfo> endpoints, String nodeName, String zone) {
        if (usable(endpoints, true, nodeName)) {
            return Topology.NODE;
        }
        if (zone != null && !zone.isEmpty() && usable(endpoints, false, zone)) {
            return Topology.ZONE;
        }
        return Topology.NONE;
    }

    private static boolean usable(List<EndpointInfo> endpoints, boolean byNode, String want) {
        boolean match = false;
        for (EndpointInfo ep : endpoints) {
            if (!ep.ready()) {
                continue;
            }
            List<String> hints = byNode ? ep.nodeHints() : ep.zoneHints();
            if (hints.isEmpty()) {
                return false;
            }
            match |= hints.contains(want);
        }
        return match;
    }

    private static boolean availableForTopology(EndpointInfo ep, Topology t, String nodeName, String zone) {
        return switch (t) {
            case NONE -> true;
            case NODE -> ep.nodeHints().contains(nodeName);
            case ZONE -> ep.zoneHints().contains(zone);
        };
    }
}
