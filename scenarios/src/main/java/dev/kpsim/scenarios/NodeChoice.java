package dev.kpsim.scenarios;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which node's kube-proxy to simulate, in this order: the node named explicitly ({@code --node}); else the node
 * kube-proxy's configuration names ({@code hostnameOverride}, which a scenario's {@code proxy.node} sets); else the
 * node of the pod that owns the packet's source address; else the first node by name, with a note naming the
 * others. An explicitly named node must be one of the cluster's nodes ({@code unknown-node} error) unless the input
 * has no Node objects at all; a configured one that does not exist is still used (kube-proxy runs there with no
 * Node object: no node IPs, no zone) with a note saying so. Diagnostics from here are located at {@code kpsim}.
 */
public final class NodeChoice {

    /** The chosen node and, if the choice deserves a word on standard error, that note. */
    public record Chosen(String nodeName, Optional<String> note) {
    }

    private NodeChoice() {
    }

    /**
     * @throws BadInputException {@code unknown-node} if {@code explicit} names none of the cluster's nodes, or
     *                           {@code no-node} if the cluster has no node and nothing names one
     */
    public static Chosen choose(Cluster cluster, ProxyConfig config, Optional<String> explicit, Optional<IpAddress> packetSource) {
        List<String> names = cluster.nodes().stream().map(Node::name).toList();
        if (explicit.isPresent()) {
            if (names.isEmpty()) {
                return new Chosen(explicit.get(), Optional.of("the input has no Node objects; node " + explicit.get() + " has no node IPs"));
            }
            if (cluster.node(explicit.get()).isEmpty()) {
                throw new BadInputException(SourceLocation.ofFile("kpsim"), "unknown-node", "node '" + explicit.get()
                        + "' does not exist; nodes: " + String.join(", ", names));
            }
            return new Chosen(explicit.get(), Optional.empty());
        }
        String configured = config.hostnameOverride();
        if (configured != null && !configured.isEmpty()) {
            return new Chosen(configured, cluster.node(configured).isPresent() ? Optional.empty()
                    : Optional.of("node '" + configured + "' named by the kube-proxy configuration has no Node object; it has no node IPs"));
        }
        if (packetSource.isPresent()) {
            Optional<Pod> pod = cluster.podByIp(packetSource.get());
            if (pod.isPresent() && pod.get().nodeName() != null && !pod.get().nodeName().isEmpty()) {
                return new Chosen(pod.get().nodeName(), Optional.of("simulating node " + pod.get().nodeName()
                        + ", where the packet's source pod " + pod.get().key() + " runs"));
            }
            Optional<Node> node = cluster.nodeByIp(packetSource.get());
            if (node.isPresent()) {
                return new Chosen(node.get().name(), Optional.of("simulating node " + node.get().name() + ", which owns the packet's source address"));
            }
        }
        if (names.isEmpty()) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "no-node",
                    "the input has no nodes; name the node kube-proxy runs on with --node or proxy.node");
        }
        String first = names.get(0);
        String others = names.stream().skip(1).collect(Collectors.joining(", "));
        return new Chosen(first, Optional.of("simulating node " + first + " (the first by name)"
                + (others.isEmpty() ? "" : "; other nodes: " + others + " (choose with --node)")));
    }
}
