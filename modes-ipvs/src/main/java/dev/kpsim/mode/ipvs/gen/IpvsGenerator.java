package dev.kpsim.mode.ipvs.gen;

import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.mode.ipvs.conn.ProtocolTimeouts;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.ipset.IpSetEntry;
import dev.kpsim.mode.ipvs.ipset.KubeIpSet;
import dev.kpsim.mode.ipvs.model.Frontend;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.ServiceFlags;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.mode.ipvs.model.VirtualServerKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What kube-proxy's IPVS proxier programs on one node ({@code syncProxyRules} in {@code pkg/proxy/ipvs/proxier.go}),
 * per IP family: for every service port (in {@link NodeProxyView} order) a virtual server for the ClusterIP, each
 * externalIP, each load-balancer ingress IP and the NodePort on each node address; the real servers from
 * {@code syncEndpoint}; the ipset members; the kube-ipvs0 addresses; and the iptables payload.
 *
 * <p><b>Real-server order.</b> kube-proxy adds a virtual server's real servers in endpoint order (v1.18:
 * {@code sets.String.List()}, sorted; current: {@code UnsortedList()}, Go map order, which kpsim fixes to the sorted
 * order) and the kernel inserts each at the head of its list, so {@link VirtualServer#realServers()} holds them in
 * <em>reverse</em> endpoint-string order: for 10.244.0.5–7, rr picks .7, .6, .5, .7, …
 *
 * <p><b>Draining.</b> A terminating endpoint of a TCP service that kube-proxy no longer selects would, on a live
 * node, stay as a weight-0 real server while it still has connections ({@code graceful_termination.go}); with
 * {@code drainTerminating} kpsim shows it that way (UDP and SCTP ones are deleted at once, as kube-proxy does).
 */
public final class IpvsGenerator {
    private final ProxyInput input;
    private final IpvsFlavour flavour;
    private final boolean drainTerminating;

    public IpvsGenerator(ProxyInput input, boolean drainTerminating) {
        this.input = input;
        this.flavour = IpvsFlavour.of(input.config().kubeProxyVersion());
        this.drainTerminating = drainTerminating;
    }

    /** One family's share of the node's state. */
    record FamilyResult(List<VirtualServer> services, List<IpSet> sets, List<IpAddress> bound, RestorePayload payload) {
    }

    public IpvsFlavour flavour() {
        return flavour;
    }

    FamilyResult generate(IpFamily family) {
        ProxyConfig cfg = input.config();
        NodeProxyView view = input.view(family);
        List<IpAddress> nodeIps = view.nodeIps();
        Optional<IpAddress> primary = nodeIps.stream().findFirst();
        List<IpAddress> nodePortIps = NodeAddresses.forNodePorts(nodeIps, family, cfg.nodePortAddresses(), flavour);
        String scheduler = cfg.ipvs().effectiveScheduler();
        Map<KubeIpSet, TreeSet<String>> members = new EnumMap<>(KubeIpSet.class);
        Map<VirtualServerKey, VirtualServer> services = new LinkedHashMap<>();
        Set<IpAddress> bound = new LinkedHashSet<>();
        List<String[]> noNodeAccess = new ArrayList<>();

        for (ServicePortEntry entry : view.servicePorts()) {
            ServicePortInfo info = entry.info();
            Protocol proto = info.protocol();
            if (!proto.hasPorts()) {
                continue;
            }
            String spn = info.name().toString(cfg.kubeProxyVersion());
            for (EndpointInfo ep : entry.endpoints()) {
                if (ep.local()) {
                    add(members, KubeIpSet.LOOP_BACK, IpSetEntry.hashIpPortIp(ep.address().ip(), proto,
                            ep.address().port(), ep.address().ip()));
                }
            }
            int flags = 0;
            int timeout = 0;
            if (info.clientIpAffinity()) {
                flags |= ServiceFlags.PERSISTENT;
                timeout = info.affinityTimeoutSeconds();
            }
            if (scheduler.equals("mh")) {
                flags |= ServiceFlags.SCHED2;
            }
            add(members, KubeIpSet.CLUSTER_IP, IpSetEntry.hashIpPort(info.clusterIp(), proto, info.port()));
            put(services, VirtualServer.kubeProxy(proto, info.clusterIp(), info.port(), scheduler, flags, timeout,
                    Frontend.CLUSTER_IP, spn).withRealServers(realServers(entry, info.internalPolicyLocal())));
            bound.add(info.clusterIp());

            for (IpAddress ext : info.externalIps()) {
                add(members, info.externalPolicyLocal() ? KubeIpSet.EXTERNAL_IP_LOCAL : KubeIpSet.EXTERNAL_IP,
                        IpSetEntry.hashIpPort(ext, proto, info.port()));
                put(services, VirtualServer.kubeProxy(proto, ext, info.port(), scheduler, flags, timeout,
                        Frontend.EXTERNAL_IP, spn).withRealServers(realServers(entry, info.externalPolicyLocal())));
                if (!nodeIps.contains(ext)) {
                    bound.add(ext);
                }
            }
            for (IpAddress lb : info.loadBalancerVips()) {
                add(members, KubeIpSet.LOAD_BALANCER, IpSetEntry.hashIpPort(lb, proto, info.port()));
                if (info.externalPolicyLocal()) {
                    add(members, KubeIpSet.LOAD_BALANCER_LOCAL, IpSetEntry.hashIpPort(lb, proto, info.port()));
                }
                if (!info.loadBalancerSourceRanges().isEmpty()) {
                    add(members, KubeIpSet.LOAD_BALANCER_FW, IpSetEntry.hashIpPort(lb, proto, info.port()));
                    boolean allowFromNode = false;
                    for (String r : info.loadBalancerSourceRanges()) {
                        Optional<Cidr> c = Cidr.tryParse(r);
                        if (c.isEmpty() || c.get().prefixLength() == 0) {
                            continue;
                        }
                        add(members, KubeIpSet.LOAD_BALANCER_SOURCE_CIDR, IpSetEntry.hashIpPortNet(lb, proto, info.port(), c.get()));
                        allowFromNode |= primary.map(c.get()::contains).orElse(false);
                    }
                    if (allowFromNode) {
                        add(members, KubeIpSet.LOAD_BALANCER_SOURCE_IP, IpSetEntry.hashIpPortIp(lb, proto, info.port(), lb));
                    } else {
                        noNodeAccess.add(new String[] {lb.toString(), proto.lower(), Integer.toString(info.port())});
                    }
                }
                put(services, VirtualServer.kubeProxy(proto, lb, info.port(), scheduler, flags, timeout,
                        Frontend.LOAD_BALANCER, spn).withRealServers(realServers(entry, info.externalPolicyLocal())));
                if (!nodeIps.contains(lb)) {
                    bound.add(lb);
                }
            }
            if (info.nodePort() != 0) {
                if (nodePortIps.isEmpty()) {
                    continue;
                }
                List<IpSetEntry> npEntries = new ArrayList<>();
                KubeIpSet npSet;
                KubeIpSet npLocal;
                if (proto == Protocol.SCTP) {
                    npSet = KubeIpSet.NODE_PORT_SCTP;
                    npLocal = KubeIpSet.NODE_PORT_LOCAL_SCTP;
                    for (IpAddress ip : nodePortIps) {
                        npEntries.add(IpSetEntry.hashIpPort(ip, proto, info.nodePort()));
                    }
                } else {
                    npSet = proto == Protocol.TCP ? KubeIpSet.NODE_PORT_TCP : KubeIpSet.NODE_PORT_UDP;
                    npLocal = proto == Protocol.TCP ? KubeIpSet.NODE_PORT_LOCAL_TCP : KubeIpSet.NODE_PORT_LOCAL_UDP;
                    npEntries.add(IpSetEntry.bitmapPort(info.nodePort()));
                }
                npEntries.forEach(e -> add(members, npSet, e));
                if (info.externalPolicyLocal()) {
                    npEntries.forEach(e -> add(members, npLocal, e));
                }
                for (IpAddress ip : nodePortIps) {
                    put(services, VirtualServer.kubeProxy(proto, ip, info.nodePort(), scheduler, flags, timeout,
                            Frontend.NODE_PORT, spn).withRealServers(realServers(entry, info.externalPolicyLocal())));
                }
            }
            if (info.healthCheckNodePort() != 0 && flavour == IpvsFlavour.CURRENT) {
                add(members, KubeIpSet.HEALTH_CHECK_NODE_PORT, IpSetEntry.bitmapPort(info.healthCheckNodePort()));
            }
        }
        if (flavour == IpvsFlavour.CURRENT) {
            bound.forEach(a -> add(members, KubeIpSet.IPVS_IPS, IpSetEntry.hashIp(a)));
        }

        Set<KubeIpSet> nonEmpty = EnumSet.noneOf(KubeIpSet.class);
        nonEmpty.addAll(members.keySet());
        Node node = view.node().orElse(null);
        IptablesWriter writer = new IptablesWriter(flavour, family, cfg, LocalTrafficDetector.of(cfg, node, family),
                nonEmpty, noNodeAccess);
        RestorePayload payload = writer.write();

        List<IpSet> sets = new ArrayList<>();
        for (KubeIpSet k : KubeIpSet.values()) {
            if (flavour == IpvsFlavour.V1_18 && (k == KubeIpSet.HEALTH_CHECK_NODE_PORT || k == KubeIpSet.IPVS_IPS)) {
                continue;
            }
            String name = k.name(family);
            List<String> m = new ArrayList<>(members.getOrDefault(k, new TreeSet<>()));
            if (k.type() == dev.kpsim.mode.ipvs.ipset.IpSetType.BITMAP_PORT) {
                m.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
            }
            int refs = references(payload, name);
            sets.add(new IpSet(name, k.type(), IpSet.kubeProxyCreateOptions(k.type(), family, initval(name)), m,
                    k.comment(), refs));
        }
        return new FamilyResult(List.copyOf(services.values()), sets, List.copyOf(bound), payload);
    }

    private static void add(Map<KubeIpSet, TreeSet<String>> members, KubeIpSet set, IpSetEntry e) {
        members.computeIfAbsent(set, k -> new TreeSet<>()).add(e.text());
    }

    private static void put(Map<VirtualServerKey, VirtualServer> services, VirtualServer vs) {
        services.put(vs.key(), vs);
    }

    /** Rules in the payload that reference the set ({@code References:} in {@code ipset list}). */
    private static int references(RestorePayload p, String setName) {
        String needle = "--match-set " + setName + " ";
        int n = 0;
        for (var t : p.tables()) {
            for (var l : t.lines()) {
                if (l.text().contains(needle)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The kernel picks a random {@code initval} per hash set; kpsim derives a stable one from the set name (first
     * four bytes of SHA-256 of {@code "kpsim-ipset-initval:" + name}) so output is deterministic.
     */
    static long initval(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("kpsim-ipset-initval:" + name).getBytes(StandardCharsets.UTF_8));
            return ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** {@code syncEndpoint}: the real servers of one virtual server in kernel list order. */
    private List<RealServer> realServers(ServicePortEntry entry, boolean onlyNodeLocal) {
        CategorizedEndpoints cat = entry.categorized();
        List<EndpointInfo> selected;
        if (flavour == IpvsFlavour.V1_18) {
            selected = entry.endpoints().stream().filter(EndpointInfo::ready)
                    .filter(e -> !onlyNodeLocal || e.local()).toList();
        } else if (onlyNodeLocal) {
            selected = cat.localEndpoints().isEmpty() ? cat.clusterEndpoints() : cat.localEndpoints();
        } else {
            selected = cat.clusterEndpoints();
        }
        Map<String, RealServer> byName = new LinkedHashMap<>();
        TreeSet<EndpointInfo> all = new TreeSet<>(selected);
        for (EndpointInfo ep : selected) {
            byName.put(ep.toString(), RealServer.masq(ep.address().ip(), ep.address().port(), 1, ep.targetPod()));
        }
        if (drainTerminating && entry.info().protocol() == Protocol.TCP) {
            boolean localOnly = onlyNodeLocal && selected.stream().allMatch(EndpointInfo::local) && !selected.isEmpty();
            for (EndpointInfo ep : entry.endpoints()) {
                if (ep.terminating() && !byName.containsKey(ep.toString()) && (!localOnly || ep.local())) {
                    byName.put(ep.toString(), RealServer.masq(ep.address().ip(), ep.address().port(), 0, ep.targetPod()));
                    all.add(ep);
                }
            }
        }
        List<RealServer> kernelOrder = new ArrayList<>();
        for (EndpointInfo ep : all.descendingSet()) {
            kernelOrder.add(byName.get(ep.toString()));
        }
        return kernelOrder;
    }

    /** The whole node: both families that have work, IPv4 first. */
    public IpvsDataPlane generate() {
        List<VirtualServer> vs = new ArrayList<>();
        List<IpSet> sets = new ArrayList<>();
        List<IpAddress> bound = new ArrayList<>();
        Map<IpFamily, RestorePayload> payloads = new EnumMap<>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            if (!input.hasFamily(f)) {
                continue;
            }
            FamilyResult r = generate(f);
            vs.addAll(r.services());
            sets.addAll(r.sets());
            bound.addAll(r.bound());
            payloads.put(f, r.payload());
        }
        List<dev.kpsim.core.diag.Diagnostic> notes = new ArrayList<>();
        if (IpvsFlavour.approximated(input.config().kubeProxyVersion())) {
            notes.add(dev.kpsim.core.diag.Diagnostic.note(null, "ipvs-flavour", "kube-proxy "
                    + input.config().kubeProxyVersion() + " is rendered in the current (v1.29+) IPVS flavour; "
                    + "releases 1.19-1.28 lack some of its chains and sets"));
        }
        var ipvs = input.config().ipvs();
        return new IpvsDataPlane(IpvsTable.of(vs), sets, payloads, bound, flavour, notes,
                ProtocolTimeouts.of(ipvs.tcpTimeoutSeconds(), ipvs.tcpFinTimeoutSeconds(), ipvs.udpTimeoutSeconds()));
    }
}
