package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rows and columns of the reachability matrix, derived from a cluster: every pod (by node), every node's host
 * network, and an external client arriving at each node (outside every loadBalancerSourceRanges CIDR, and inside each
 * one that a service names); every ClusterIP:port, NodePort on each node address, external IP, load-balancer IP and
 * health-check node port, as kube-proxy ingests them ({@link NodeProxyView}). Pure; O(pods + nodes × service ports).
 */
public final class ReachModel {
    private ReachModel() {
    }

    /** External clients outside every source range are taken from these documentation ranges (RFC 5737, RFC 3849). */
    static final List<IpAddress> EXTERNAL_V4 = List.of(IpAddress.parse("192.0.2.100"), IpAddress.parse("198.51.100.100"),
            IpAddress.parse("203.0.113.100"));
    static final List<IpAddress> EXTERNAL_V6 = List.of(IpAddress.parse("2001:db8::100"), IpAddress.parse("2001:db8:ffff::100"));

    /** The clients and frontends of a matrix. */
    public record Axes(List<ReachClient> clients, List<ReachFrontend> frontends) {
        public Axes {
            clients = List.copyOf(clients);
            frontends = List.copyOf(frontends);
        }
    }

    /**
     * Clients and frontends of {@code cluster} for the given nodes.
     *
     * @param nodeAddresses the nodes to include, each with its own addresses (the cluster's, or {@code --node-ip} for a
     *                      dumped node), in display order
     */
    public static Axes of(Cluster cluster, ProxyConfig config, Map<String, List<IpAddress>> nodeAddresses) {
        List<ServicePortInfo> ports = servicePorts(cluster, config, nodeAddresses.keySet().stream().findFirst()
                .orElse(cluster.nodes().isEmpty() ? "" : cluster.nodes().get(0).name()));
        List<String> ranges = ranges(ports);
        List<ReachFrontend> frontends = frontends(ports, nodeAddresses);
        Set<IpFamily> families = new LinkedHashSet<>();
        frontends.forEach(f -> families.add(f.address().ip().family()));
        return new Axes(clients(cluster, nodeAddresses, ranges, families), frontends);
    }

    /** Every service port of both families, in kube-proxy's order (IPv4 first). */
    static List<ServicePortInfo> servicePorts(Cluster cluster, ProxyConfig config, String anyNode) {
        List<ServicePortInfo> out = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            for (ServicePortEntry e : NodeProxyView.build(cluster, config, anyNode, f).servicePorts()) {
                out.add(e.info());
            }
        }
        return out;
    }

    private static List<String> ranges(List<ServicePortInfo> ports) {
        Set<String> r = new LinkedHashSet<>();
        for (ServicePortInfo i : ports) {
            if (!i.loadBalancerVips().isEmpty()) {
                i.loadBalancerSourceRanges().forEach(s -> Cidr.tryParse(s).ifPresent(c -> r.add(c.toString())));
            }
        }
        return List.copyOf(r);
    }

    static List<ReachClient> clients(Cluster cluster, Map<String, List<IpAddress>> nodeAddresses, List<String> ranges,
                                     Set<IpFamily> families) {
        List<ReachClient> out = new ArrayList<>();
        int[] n = {0};
        for (Map.Entry<String, List<IpAddress>> node : nodeAddresses.entrySet()) {
            cluster.pods().stream().filter(p -> node.getKey().equals(p.nodeName()) && !p.hostNetwork() && !p.ips().isEmpty())
                    .sorted(Comparator.comparing(Pod::key))
                    .forEach(p -> out.add(new ReachClient("C" + (++n[0]), ReachClient.Kind.POD, "pod " + p.key(),
                            node.getKey(), p.ips(), null)));
            if (!node.getValue().isEmpty()) {
                out.add(new ReachClient("C" + (++n[0]), ReachClient.Kind.HOST, "host " + node.getKey(), node.getKey(),
                        firstPerFamily(node.getValue()), null));
            }
        }
        List<Cidr> cidrs = ranges.stream().map(Cidr::parse).toList();
        List<IpAddress> outside = new ArrayList<>();
        if (families.contains(IpFamily.IPV4)) {
            outsideOf(EXTERNAL_V4, cidrs).ifPresent(outside::add);
        }
        if (families.contains(IpFamily.IPV6)) {
            outsideOf(EXTERNAL_V6, cidrs).ifPresent(outside::add);
        }
        for (String node : nodeAddresses.keySet()) {
            if (outside.isEmpty()) {
                break;
            }
            out.add(new ReachClient("C" + (++n[0]), ReachClient.Kind.EXTERNAL, "external " + join(outside), node, outside, null));
            for (Cidr c : cidrs) {
                IpAddress a = c.isHost() ? c.address() : c.address().plus(1);
                out.add(new ReachClient("C" + (++n[0]), ReachClient.Kind.EXTERNAL, "external " + a + " (in " + c + ")",
                        node, List.of(a), c.toString()));
            }
        }
        return out;
    }

    private static List<IpAddress> firstPerFamily(List<IpAddress> addresses) {
        Map<IpFamily, IpAddress> m = new LinkedHashMap<>();
        addresses.forEach(a -> m.putIfAbsent(a.family(), a));
        return List.copyOf(m.values());
    }

    private static String join(List<IpAddress> as) {
        return String.join(", ", as.stream().map(IpAddress::toString).toList());
    }

    private static Optional<IpAddress> outsideOf(List<IpAddress> candidates, List<Cidr> ranges) {
        return candidates.stream().filter(a -> ranges.stream().noneMatch(c -> c.family() == a.family() && c.contains(a)))
                .findFirst();
    }

    static List<ReachFrontend> frontends(List<ServicePortInfo> ports, Map<String, List<IpAddress>> nodeAddresses) {
        List<ReachFrontend> out = new ArrayList<>();
        Set<String> healthChecks = new LinkedHashSet<>();
        for (ServicePortInfo i : ports) {
            String spn = i.name().toString();
            Protocol proto = i.protocol();
            boolean etp = i.externalPolicyLocal();
            boolean itp = i.internalPolicyLocal();
            List<String> ranges = i.loadBalancerSourceRanges();
            out.add(frontend(ReachFrontend.Kind.CLUSTER_IP, spn, proto, new HostPort(i.clusterIp(), i.port()), null, List.of(), etp, itp));
            for (IpAddress ip : i.externalIps()) {
                out.add(frontend(ReachFrontend.Kind.EXTERNAL_IP, spn, proto, new HostPort(ip, i.port()), null, List.of(), etp, itp));
            }
            for (IpAddress ip : i.loadBalancerVips()) {
                out.add(frontend(ReachFrontend.Kind.LOAD_BALANCER_IP, spn, proto, new HostPort(ip, i.port()), null, ranges, etp, itp));
            }
            if (i.nodePort() != 0) {
                nodeAddresses.forEach((node, ips) -> ips.stream().filter(ip -> ip.family() == i.clusterIp().family())
                        .forEach(ip -> out.add(frontend(ReachFrontend.Kind.NODE_PORT, spn, proto,
                                new HostPort(ip, i.nodePort()), node, List.of(), etp, itp))));
            }
            if (i.healthCheckNodePort() != 0 && healthChecks.add(i.name().serviceKey() + "/" + i.clusterIp().family())) {
                nodeAddresses.forEach((node, ips) -> ips.stream().filter(ip -> ip.family() == i.clusterIp().family())
                        .forEach(ip -> out.add(frontend(ReachFrontend.Kind.HEALTH_CHECK, i.name().serviceKey(),
                                Protocol.TCP, new HostPort(ip, i.healthCheckNodePort()), node, List.of(), etp, itp))));
            }
        }
        List<ReachFrontend> numbered = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) {
            ReachFrontend f = out.get(k);
            numbered.add(new ReachFrontend("F" + (k + 1), f.kind(), f.servicePort(), f.protocol(), f.address(), f.node(),
                    f.sourceRanges(), f.externalPolicyLocal(), f.internalPolicyLocal()));
        }
        return numbered;
    }

    private static ReachFrontend frontend(ReachFrontend.Kind kind, String spn, Protocol proto, HostPort at, String node,
                                          List<String> ranges, boolean etp, boolean itp) {
        return new ReachFrontend("", kind, spn, proto, at, node, ranges, etp, itp);
    }

    /**
     * The clients of a node known only from its dump: given addresses (pods the user names, sent from the node's
     * bridge side), the node's host network, and an external client arriving at the node.
     */
    public static List<ReachClient> dumpClients(String node, List<IpAddress> nodeIps, List<IpAddress> given,
                                                Set<IpFamily> families) {
        List<ReachClient> out = new ArrayList<>();
        int n = 0;
        for (IpAddress ip : given) {
            out.add(new ReachClient("C" + (++n), ReachClient.Kind.POD, "client " + ip, node, List.of(ip), null));
        }
        if (!nodeIps.isEmpty()) {
            out.add(new ReachClient("C" + (++n), ReachClient.Kind.HOST, "host " + node, node, firstPerFamily(nodeIps), null));
        }
        List<IpAddress> outside = new ArrayList<>();
        if (families.contains(IpFamily.IPV4)) {
            outside.add(EXTERNAL_V4.get(0));
        }
        if (families.contains(IpFamily.IPV6)) {
            outside.add(EXTERNAL_V6.get(0));
        }
        if (!outside.isEmpty()) {
            out.add(new ReachClient("C" + (++n), ReachClient.Kind.EXTERNAL, "external " + join(outside), node, outside, null));
        }
        return out;
    }

    /** The cluster's nodes with their own addresses, sorted by name. */
    public static Map<String, List<IpAddress>> nodeAddresses(Cluster cluster) {
        Map<String, List<IpAddress>> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.name(), n.addresses());
        }
        return m;
    }
}
