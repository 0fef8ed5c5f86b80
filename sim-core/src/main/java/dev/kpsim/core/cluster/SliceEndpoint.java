package dev.kpsim.core.cluster;

import dev.kpsim.core.net.IpAddress;
import java.util.List;

/**
 * One {@code endpoints[]} entry of an EndpointSlice. The conditions are kept as written ({@code null} = absent),
 * because kube-proxy reads an absent ready/serving as true and an absent terminating as false.
 *
 * @param forZones topology hints ({@code hints.forZones[].name}); empty when absent
 * @param forNodes topology hints ({@code hints.forNodes[].name}); empty when absent
 * @param targetPod {@code targetRef} pod name (namespace/name) or null
 */
public record SliceEndpoint(
        List<IpAddress> addresses,
        Boolean ready,
        Boolean serving,
        Boolean terminating,
        String nodeName,
        String zone,
        List<String> forZones,
        List<String> forNodes,
        String targetPod) {

    public SliceEndpoint {
        addresses = List.copyOf(addresses);
        forZones = forZones == null ? List.of() : List.copyOf(forZones);
        forNodes = forNodes == null ? List.of() : List.copyOf(forNodes);
    }

    /** kube-proxy's reading: {@code ready == nil || *ready}. */
    public boolean isReady() {
        return ready == null || ready;
    }

    /** kube-proxy's reading: {@code serving == nil || *serving}. */
    public boolean isServing() {
        return serving == null || serving;
    }

    /** kube-proxy's reading: {@code terminating != nil && *terminating}. */
    public boolean isTerminating() {
        return terminating != null && terminating;
    }
}
