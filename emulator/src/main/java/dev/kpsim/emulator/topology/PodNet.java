package dev.kpsim.emulator.topology;

import dev.kpsim.core.net.IpAddress;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One emulated pod: its own namespace (or its node's, for a host-network pod), its IPs, the host-side veth in
 * the node namespace, and the TCP and UDP ports its responder answers on (its declared container ports plus every
 * EndpointSlice port that targets one of its IPs).
 *
 * @param key          {@code namespace/name}; for an endpoint without a Pod object, its {@code targetRef} or
 *                     {@code endpoint/IP}
 * @param hostVeth     the bridge port in the node namespace; null for a host-network pod
 * @param synthesized  true if no Pod object exists and the emulator made one up from an EndpointSlice endpoint
 */
public record PodNet(String key, String namespace, String nodeName, boolean hostNetwork, List<IpAddress> ips, String hostVeth,
                     SortedSet<Integer> tcpPorts, SortedSet<Integer> udpPorts, boolean synthesized) {

    public PodNet {
        ips = List.copyOf(ips);
        tcpPorts = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tcpPorts));
        udpPorts = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(udpPorts));
    }

    /** True if a responder is needed (the pod has at least one port). */
    public boolean answers() {
        return !tcpPorts.isEmpty() || !udpPorts.isEmpty();
    }
}
