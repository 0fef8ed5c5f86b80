package dev.kpsim.emulator.topology;

import dev.kpsim.core.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network the emulator builds for one node under test, decided before anything is created (pure data, so it
 * can be checked in unit tests and printed):
 * <ul>
 *   <li>a fabric namespace with bridge {@code fab0}, the "physical" network every node's uplink plugs into;</li>
 *   <li>one namespace per node (the node under test first) with its addresses on {@code eth0}, a {@code cni0}
 *       bridge with its pod-CIDR gateway, and routes to the other nodes' addresses and pod CIDRs;</li>
 *   <li>one namespace per pod with its IP on {@code eth0} and a default route via the bridge gateway;</li>
 *   <li>an external-client namespace on the fabric, also the silent "upstream" every node's default route
 *       points to (it does not forward, so packets to unknown destinations vanish, as on a real network).</li>
 * </ul>
 *
 * @param notes what the planner had to decide or skip, one sentence each (pods without IPs, SCTP ports, …)
 */
public record TopologyPlan(String prefix, String fabricNamespace, String externalNamespace, List<IpAddress> externalAddresses,
                           List<NodeNet> nodes, List<PodNet> pods, List<String> notes) {

    public TopologyPlan {
        externalAddresses = List.copyOf(externalAddresses);
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        notes = List.copyOf(notes);
    }

    /** The node under test (always the first node). */
    public NodeNet nodeUnderTest() {
        return nodes.get(0);
    }

    public Optional<NodeNet> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<PodNet> pod(String key) {
        return pods.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    public Optional<PodNet> podByIp(IpAddress ip) {
        return pods.stream().filter(p -> p.ips().contains(ip)).findFirst();
    }

    /** Pods on one node, in plan order. */
    public List<PodNet> podsOn(String nodeName) {
        return pods.stream().filter(p -> p.nodeName().equals(nodeName)).toList();
    }

    /** Every namespace to create, in creation order: fabric, nodes, pods, external. */
    public List<String> namespaces() {
        List<String> r = new ArrayList<>();
        r.add(fabricNamespace);
        nodes.forEach(n -> r.add(n.namespace()));
        pods.stream().filter(p -> !p.hostNetwork()).forEach(p -> r.add(p.namespace()));
        r.add(externalNamespace);
        return r;
    }
}
