package dev.kpsim.core.kubeproxy;

import dev.kpsim.core.net.HostPort;
import java.util.List;

/**
 * One endpoint of one service port as kube-proxy sees it on a node ({@code BaseEndpointInfo}): address and
 * port, the readiness conditions as kube-proxy reads them, and whether it runs on this node.
 *
 * @param nodeName  the endpoint's {@code nodeName}, or null
 * @param targetPod the backing pod (namespace/name) if known, for display
 */
public record EndpointInfo(HostPort address, boolean ready, boolean serving, boolean terminating, boolean local,
                           String nodeName, List<String> zoneHints, List<String> nodeHints, String targetPod)
        implements Comparable<EndpointInfo> {

    public EndpointInfo {
        zoneHints = zoneHints == null ? List.of() : List.copyOf(zoneHints);
        nodeHints = nodeHints == null ? List.of() : List.copyOf(nodeHints);
    }

    /** {@code ip:port} exactly as kube-proxy prints it (and hashes it into KUBE-SEP names). */
    @Override
    public String toString() {
        return address.toString();
    }

    /** kube-proxy's {@code byEndpoint} order: plain string comparison of {@code ip:port}. */
    @Override
    public int compareTo(EndpointInfo o) {
        return toString().compareTo(o.toString());
    }
}
