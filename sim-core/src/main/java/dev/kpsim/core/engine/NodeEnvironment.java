package dev.kpsim.core.engine;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What routing on the simulated node knows: its own addresses (what {@code addrtype LOCAL} matches, with
 * 127.0.0.0/8 and ::1), the pods on this node (reached over the bridge), other nodes' pod CIDRs, and interface
 * names. The layout follows the bridge CNI: pods sit behind bridge {@code cni0} through veth ports, the node's
 * uplink is {@code eth0}.
 *
 * @param localPods pod IP → pod key (namespace/name) for pods on this node, iterated in address order
 * @param remotePodCidrs pod CIDR → node name for the other nodes
 */
public record NodeEnvironment(String nodeName, List<IpAddress> nodeAddresses, Map<IpAddress, String> localPods,
                              Map<Cidr, String> remotePodCidrs, List<Cidr> localPodCidrs, String bridge, String uplink,
                              String podInterfacePrefix) {

    public static final String DEFAULT_BRIDGE = "cni0";
    public static final String DEFAULT_UPLINK = "eth0";
    public static final String DEFAULT_POD_IF_PREFIX = "veth";

    public NodeEnvironment {
        nodeAddresses = List.copyOf(nodeAddresses);
        // sorted / insertion-ordered copies: Map.copyOf iterates in a per-JVM random order, and callers pick "the
        // first pod" from this map
        localPods = java.util.Collections.unmodifiableMap(new TreeMap<>(localPods));
        remotePodCidrs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(remotePodCidrs));
        localPodCidrs = List.copyOf(localPodCidrs);
    }

    /** The environment of {@code nodeName} in {@code cluster}. */
    public static NodeEnvironment of(Cluster cluster, String nodeName) {
        Optional<Node> node = cluster.node(nodeName);
        Map<IpAddress, String> pods = new TreeMap<>();
        for (Pod p : cluster.pods()) {
            if (nodeName.equals(p.nodeName()) && !p.hostNetwork()) {
                p.ips().forEach(ip -> pods.put(ip, p.key()));
            }
        }
        Map<Cidr, String> remote = new java.util.LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            if (!n.name().equals(nodeName)) {
                n.podCidrs().forEach(c -> remote.put(c, n.name()));
            }
        }
        return new NodeEnvironment(nodeName, node.map(Node::addresses).orElse(List.of()), pods, remote,
                node.map(Node::podCidrs).orElse(List.of()), DEFAULT_BRIDGE, DEFAULT_UPLINK, DEFAULT_POD_IF_PREFIX);
    }

    /** An environment known only by its addresses (a real node's dump with {@code --node-ip}). */
    public static NodeEnvironment ofAddresses(String nodeName, List<IpAddress> addresses) {
        return new NodeEnvironment(nodeName, addresses, Map.of(), Map.of(), List.of(), DEFAULT_BRIDGE, DEFAULT_UPLINK,
                DEFAULT_POD_IF_PREFIX);
    }

    /** {@code addrtype LOCAL}: one of the node's addresses, or loopback. */
    public boolean isLocalAddress(IpAddress ip) {
        return ip.isLoopback() || nodeAddresses.contains(ip);
    }

    /** True if the address belongs to a pod on this node (or to this node's pod CIDR). */
    public boolean isLocalPod(IpAddress ip) {
        return localPods.containsKey(ip) || localPodCidrs.stream().anyMatch(c -> c.contains(ip));
    }

    /** The node whose pod CIDR contains {@code ip}, if another node's. */
    public Optional<String> remoteNodeOf(IpAddress ip) {
        return remotePodCidrs.entrySet().stream().filter(e -> e.getKey().contains(ip)).map(Map.Entry::getValue).findFirst();
    }

    /** The node's first address of the family, for MASQUERADE toward the uplink. */
    public Optional<IpAddress> primaryAddress(dev.kpsim.core.net.IpFamily family) {
        return nodeAddresses.stream().filter(a -> a.family() == family).findFirst();
    }

    /** The bridge's own address on this node: the first address of the local pod CIDR (.1), used as MASQUERADE source toward local pods. */
    public Optional<IpAddress> bridgeAddress(dev.kpsim.core.net.IpFamily family) {
        return localPodCidrs.stream().filter(c -> c.family() == family).findFirst().map(c -> c.address().plus(1));
    }
}
