package dev.kpsim.emulator.topology;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link Cluster} and the name of the node under test into a {@link TopologyPlan}. Pure and
 * deterministic: the same cluster and prefix give the same plan.
 *
 * <p>Every node of the cluster is emulated (so remote endpoints answer for real), every pod with an IP and a
 * known node gets a namespace, and an EndpointSlice endpoint that no Pod owns gets a made-up pod on the
 * endpoint's node (so scenarios that list only slices still answer). Pods without IPs or nodes, SCTP ports, and
 * duplicate IPs are skipped with a note. Bounded: at most {@link #MAX_NODES} nodes and {@link #MAX_PODS} pods.
 */
public final class TopologyPlanner {

    /** Upper bound on emulated nodes (one namespace each). */
    public static final int MAX_NODES = 32;
    /** Upper bound on emulated pods (one namespace and one responder JVM each). */
    public static final int MAX_PODS = 200;

    private static final IpAddress LINK_LOCAL_GW_V4 = IpAddress.v4(169, 254, 1, 1);
    private static final IpAddress LINK_LOCAL_GW_V6 = IpAddress.parse("fe80::1");

    private TopologyPlanner() {
    }

    /**
     * @param prefix the run's namespace prefix ({@code kpsim-<pid>-<stamp>-})
     * @throws BadInputException if the node is unknown or the cluster is too large to emulate
     */
    public static TopologyPlan plan(Cluster cluster, String nodeUnderTest, String prefix) {
        Node under = cluster.node(nodeUnderTest).orElseThrow(() -> new BadInputException(SourceLocation.UNKNOWN, "unknown-node",
                "node '" + nodeUnderTest + "' is not in the cluster (nodes: "
                        + String.join(", ", cluster.nodes().stream().map(Node::name).toList()) + ")"));
        if (cluster.nodes().size() > MAX_NODES) {
            throw new BadInputException(SourceLocation.UNKNOWN, "emulation-too-large",
                    "the cluster has " + cluster.nodes().size() + " nodes; the emulator builds at most " + MAX_NODES);
        }
        List<String> notes = new ArrayList<>();
        List<Node> ordered = new ArrayList<>();
        ordered.add(under);
        cluster.nodes().stream().filter(n -> n != under).forEach(ordered::add);

        Set<IpAddress> taken = takenAddresses(cluster);
        Map<String, List<IpAddress>> nodeAddrs = new LinkedHashMap<>();
        int synth = 1;
        for (Node n : ordered) {
            List<IpAddress> addrs = new ArrayList<>(n.addresses());
            if (addrs.isEmpty()) {
                IpAddress a;
                do {
                    a = IpAddress.v4(192, 0, 2, synth++);
                } while (taken.contains(a));
                taken.add(a);
                addrs.add(a);
                notes.add("node " + n.name() + " has no addresses; the emulator gave it " + a);
            }
            nodeAddrs.put(n.name(), addrs);
        }

        // pods: real ones first, then made-up ones for endpoints that no pod owns
        Map<IpAddress, PortSets> ports = endpointPorts(cluster, notes);
        List<PodDraft> drafts = new ArrayList<>();
        Map<IpAddress, PodDraft> byIp = new LinkedHashMap<>();
        for (Pod p : cluster.pods()) {
            if (p.nodeName() == null || p.nodeName().isEmpty() || !nodeAddrs.containsKey(p.nodeName())) {
                notes.add("pod " + p.key() + " is not placed on a known node; not emulated");
                continue;
            }
            List<IpAddress> ips = new ArrayList<>();
            for (IpAddress ip : p.ips()) {
                if (p.hostNetwork() && !nodeAddrs.get(p.nodeName()).contains(ip)) {
                    notes.add("host-network pod " + p.key() + " has IP " + ip + " which is not an address of node " + p.nodeName() + "; ignored");
                } else if (byIp.containsKey(ip) && !p.hostNetwork()) {
                    notes.add("pod " + p.key() + " has IP " + ip + " already used by " + byIp.get(ip).key + "; ignored");
                } else {
                    ips.add(ip);
                }
            }
            if (ips.isEmpty()) {
                notes.add("pod " + p.key() + " has no usable IP; not emulated");
                continue;
            }
            PodDraft d = new PodDraft(p.key(), p.nodeName(), p.hostNetwork(), false);
            d.ips.addAll(ips);
            for (ContainerPort cp : p.containerPorts()) {
                d.ports.add(cp.protocol(), cp.port(), notes, p.key());
            }
            drafts.add(d);
            if (!p.hostNetwork()) {
                ips.forEach(ip -> byIp.put(ip, d));
            }
        }
        Map<String, PodDraft> synthByKey = new LinkedHashMap<>();
        for (EndpointSlice s : cluster.endpointSlices()) {
            for (SliceEndpoint e : s.endpoints()) {
                for (IpAddress ip : e.addresses()) {
                    if (byIp.containsKey(ip) || drafts.stream().anyMatch(d -> d.hostNetwork && d.ips.contains(ip))) {
                        continue;
                    }
                    if (e.nodeName() == null || !nodeAddrs.containsKey(e.nodeName())) {
                        notes.add("endpoint " + ip + " of " + s.serviceKey() + " has no known node and no pod; not emulated");
                        continue;
                    }
                    boolean hostNet = nodeAddrs.get(e.nodeName()).contains(ip);
                    String key = e.targetPod() != null ? e.targetPod() : "endpoint/" + ip;
                    PodDraft d = synthByKey.computeIfAbsent(key + "@" + e.nodeName(), k -> {
                        PodDraft nd = new PodDraft(key, e.nodeName(), hostNet, true);
                        drafts.add(nd);
                        return nd;
                    });
                    if (!d.ips.contains(ip)) {
                        d.ips.add(ip);
                    }
                    if (!hostNet) {
                        byIp.put(ip, d);
                    }
                }
            }
        }
        for (PodDraft d : drafts) {
            for (IpAddress ip : d.ips) {
                PortSets ps = ports.get(ip);
                if (ps != null) {
                    d.ports.tcp.addAll(ps.tcp);
                    d.ports.udp.addAll(ps.udp);
                }
            }
        }
        long own = drafts.stream().filter(d -> !d.hostNetwork).count();
        if (own > MAX_PODS) {
            throw new BadInputException(SourceLocation.UNKNOWN, "emulation-too-large",
                    "the cluster has " + own + " pods to emulate; the emulator builds at most " + MAX_PODS);
        }

        String fabric = prefix + "fabric";
        List<NodeNet> nodes = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Node n = ordered.get(i);
            nodes.add(new NodeNet(n.name(), prefix + "node" + i, i == 0, nodeAddrs.get(n.name()), n.podCidrs(),
                    gateways(n, drafts), "n" + i));
        }
        List<PodNet> pods = new ArrayList<>();
        Map<String, Integer> vethIndex = new LinkedHashMap<>();
        int podIndex = 0;
        for (PodDraft d : drafts) {
            NodeNet node = nodes.stream().filter(n -> n.name().equals(d.node)).findFirst().orElseThrow();
            if (d.hostNetwork) {
                pods.add(new PodNet(d.key, node.namespace(), d.node, true, d.ips, null, d.ports.tcp, d.ports.udp, d.synthesized));
            } else {
                int v = vethIndex.merge(d.node, 1, Integer::sum) - 1;
                pods.add(new PodNet(d.key, prefix + "pod" + podIndex++, d.node, false, d.ips, "veth" + v, d.ports.tcp, d.ports.udp, d.synthesized));
            }
            if (d.synthesized) {
                notes.add("no Pod object for endpoint " + d.ips + "; emulated as " + d.key + " on node " + d.node);
            }
        }
        List<IpAddress> ext = externalAddresses(cluster, taken);
        return new TopologyPlan(prefix, fabric, prefix + "ext", ext, nodes, pods, notes);
    }

    /** The pod-CIDR gateways of a node, one per family its pods or CIDRs use. */
    private static List<InterfaceAddress> gateways(Node n, List<PodDraft> drafts) {
        List<InterfaceAddress> r = new ArrayList<>();
        Set<IpFamily> done = new HashSet<>();
        for (Cidr c : n.podCidrs()) {
            if (done.add(c.family())) {
                r.add(new InterfaceAddress(c.address().plus(1), c.prefixLength()));
            }
        }
        for (PodDraft d : drafts) {
            if (!d.node.equals(n.name()) || d.hostNetwork) {
                continue;
            }
            for (IpAddress ip : d.ips) {
                if (done.add(ip.family())) {
                    r.add(InterfaceAddress.host(ip.isV4() ? LINK_LOCAL_GW_V4 : LINK_LOCAL_GW_V6));
                }
            }
        }
        return r;
    }

    private static Set<IpAddress> takenAddresses(Cluster c) {
        Set<IpAddress> t = new HashSet<>();
        c.nodes().forEach(n -> t.addAll(n.addresses()));
        c.pods().forEach(p -> t.addAll(p.ips()));
        for (Service s : c.services()) {
            t.addAll(s.clusterIps());
            t.addAll(s.externalIps());
            s.loadBalancerIngress().forEach(l -> {
                if (l.ip() != null) {
                    t.add(l.ip());
                }
            });
        }
        c.endpointSlices().forEach(s -> s.endpoints().forEach(e -> t.addAll(e.addresses())));
        return t;
    }

    /**
     * The external client's addresses: first one per family outside every range the cluster uses (the default
     * client), then one inside each Service's {@code loadBalancerSourceRanges} range that does not already hold one
     * (so a client allowed by the ranges exists too).
     */
    private static List<IpAddress> externalAddresses(Cluster c, Set<IpAddress> taken) {
        List<Cidr> cidrs = c.nodes().stream().flatMap(n -> n.podCidrs().stream()).toList();
        List<Cidr> ranges = sourceRanges(c);
        List<Cidr> avoid = new ArrayList<>(cidrs);
        avoid.addAll(ranges);
        List<IpAddress> r = new ArrayList<>();
        r.add(free(IpAddress.v4(203, 0, 113, 10), taken, avoid));
        boolean v6 = taken.stream().anyMatch(a -> !a.isV4()) || cidrs.stream().anyMatch(x -> x.family() == IpFamily.IPV6);
        if (v6) {
            r.add(free(IpAddress.parse("2001:db8:ffff::10"), taken, avoid));
        }
        for (Cidr range : ranges) {
            if (r.stream().anyMatch(range::contains) || range.prefixLength() >= range.family().bits() - 1) {
                continue;
            }
            IpAddress start = range.address().plus(Math.min(10, hostCount(range) - 1));
            IpAddress a = free(start, taken, cidrs);
            if (range.contains(a)) {
                taken.add(a);
                r.add(a);
            }
        }
        return r;
    }

    private static long hostCount(Cidr c) {
        int hostBits = c.family().bits() - c.prefixLength();
        return hostBits >= 62 ? Long.MAX_VALUE : 1L << hostBits;
    }

    /** Every parseable {@code loadBalancerSourceRanges} CIDR of every Service, in order, without duplicates. */
    static List<Cidr> sourceRanges(Cluster c) {
        Set<Cidr> r = new LinkedHashSet<>();
        for (Service s : c.services()) {
            for (String text : s.loadBalancerSourceRanges()) {
                Cidr.tryParse(text.trim()).filter(x -> x.prefixLength() > 0).ifPresent(r::add);
            }
        }
        return List.copyOf(r);
    }

    private static IpAddress free(IpAddress start, Set<IpAddress> taken, List<Cidr> cidrs) {
        IpAddress a = start;
        for (int i = 0; i < 200; i++, a = a.plus(1)) {
            IpAddress cand = a;
            if (!taken.contains(cand) && cidrs.stream().noneMatch(x -> x.contains(cand))) {
                return cand;
            }
        }
        throw new BadInputException(SourceLocation.UNKNOWN, "emulation-no-external-address",
                "no free address for the external client near " + start);
    }

    /** The TCP and UDP ports that EndpointSlices expect on each endpoint address. */
    private static Map<IpAddress, PortSets> endpointPorts(Cluster c, List<String> notes) {
        Map<IpAddress, PortSets> r = new LinkedHashMap<>();
        for (EndpointSlice s : c.endpointSlices()) {
            for (SliceEndpoint e : s.endpoints()) {
                for (IpAddress ip : e.addresses()) {
                    PortSets ps = r.computeIfAbsent(ip, k -> new PortSets());
                    for (EndpointPort p : s.ports()) {
                        ps.add(p.protocol(), p.port(), notes, s.serviceKey());
                    }
                }
            }
        }
        return r;
    }

    private static final class PortSets {
        final TreeSet<Integer> tcp = new TreeSet<>();
        final TreeSet<Integer> udp = new TreeSet<>();
        private final Set<String> warned = new LinkedHashSet<>();

        void add(Protocol p, int port, List<String> notes, String owner) {
            if (port < 1 || port > 65535) {
                return;
            }
            if (p == Protocol.TCP) {
                tcp.add(port);
            } else if (p == Protocol.UDP) {
                udp.add(port);
            } else if (warned.add(owner + p)) {
                notes.add(owner + " uses " + p + " port " + port + "; the emulator answers TCP and UDP only");
            }
        }
    }

    private static final class PodDraft {
        final String key;
        final String node;
        final boolean hostNetwork;
        final boolean synthesized;
        final List<IpAddress> ips = new ArrayList<>();
        final PortSets ports = new PortSets();

        PodDraft(String key, String node, boolean hostNetwork, boolean synthesized) {
            this.key = key;
            this.node = node;
            this.hostNetwork = hostNetwork;
            this.synthesized = synthesized;
        }
    }

    /** The prefix length a pod IP gets on its eth0: its node's pod CIDR's, or a host prefix if outside all. */
    public static int podPrefixLength(NodeNet node, IpAddress ip) {
        Optional<Cidr> c = node.podCidrs().stream().filter(x -> x.contains(ip)).findFirst();
        return c.map(Cidr::prefixLength).orElse(ip.family().bits());
    }
}
