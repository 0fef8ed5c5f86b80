package dev.kpsim.cli.command;

import dev.kpsim.cli.command.ScaleReport.Count;
import dev.kpsim.cli.command.ScaleReport.Formula;
import dev.kpsim.cli.command.ScaleReport.Timings;
import dev.kpsim.core.analysis.cost.ConnectionCost;
import dev.kpsim.core.analysis.cost.ConnectionCostModel;
import dev.kpsim.core.analysis.cost.KubeProxyRuleFormula;
import dev.kpsim.core.analysis.cost.RuleCensus;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.IpsetLookup;
import dev.kpsim.core.netfilter.engine.IpsetMembership;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.save.KernelRulesets;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.mode.iptables.IptablesDataPlane;
import dev.kpsim.mode.ipvs.gen.IpvsDataPlane;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.mode.nftables.NftablesDataPlane;
import dev.kpsim.mode.nftables.model.NftChain;
import dev.kpsim.mode.nftables.model.NftSet;
import dev.kpsim.mode.nftables.model.NftTable;
import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs {@code kpsim scale}: builds the synthetic cluster, generates the simulated node's data plane in the mode,
 * renders it in the formats the kernel tools load, counts it, and measures the kernel's cost per new connection
 * (see {@link ConnectionCostModel}). Timed with the wall clock; the heap is measured after a collection.
 */
final class ScaleRun {
    /** IPVS's cost is the same for every service (hash lookups); its ipset tests are O(members) here, so few are measured. */
    private static final int IPVS_SERVICES_MEASURED = 8;

    private ScaleRun() {
    }

    static ScaleReport run(SyntheticSpec spec, ProxyMode mode) {
        return run(spec, mode, c -> { });
    }

    /** Runs, then hands the cluster to {@code afterwards} (outside every timing), before the report is returned. */
    static ScaleReport run(SyntheticSpec spec, ProxyMode mode, Consumer<SyntheticCluster> afterwards) {
        long t0 = System.nanoTime();
        SyntheticCluster c = SyntheticClusterGenerator.generate(spec);
        long t1 = System.nanoTime();
        DataPlane dp = mode.generate(c.proxyInput());
        long t2 = System.nanoTime();
        List<Count> rendered = render(dp);
        long t3 = System.nanoTime();
        long heap = heapUsed();
        RuleCensus census;
        List<Count> objects = new ArrayList<>();
        ConnectionCost cost;
        NodeEnvironment env = NodeEnvironment.of(c.cluster(), c.nodeName());
        List<Packet> services = servicePackets(c, env);
        Packet noService = noServicePacket(c, env);
        long t4 = System.nanoTime();
        if (dp instanceof IptablesDataPlane ip) {
            census = RuleCensus.ofPayloads(ip.payloads());
            NetfilterSimulator sim = NetfilterSimulator.of(ip.kernelRuleset(IpFamily.IPV4), env).withHops(false);
            cost = ConnectionCostModel.measure("iptables", sim, IpsetLookup.NONE, services, noService, EntryPoint.PREROUTING);
        } else if (dp instanceof IpvsDataPlane ipvs) {
            List<RestorePayload> payloads = new ArrayList<>();
            ipvs.payload(IpFamily.IPV4).ifPresent(payloads::add);
            ipvs.payload(IpFamily.IPV6).ifPresent(payloads::add);
            census = RuleCensus.ofPayloads(payloads);
            List<VirtualServer> vs = ipvs.table().services();
            objects.add(new Count("IPVS virtual servers", vs.size()));
            objects.add(new Count("IPVS real servers", vs.stream().mapToLong(v -> v.realServers().size()).sum()));
            objects.add(new Count("ipsets", ipvs.ipsets().size()));
            objects.add(new Count("ipset members", ipvs.ipsets().stream().mapToLong(s -> s.members().size()).sum()));
            RestorePayload p = ipvs.payload(IpFamily.IPV4).orElseThrow();
            NetfilterSimulator sim = NetfilterSimulator.of(KernelRulesets.afterRestore(p, List.of(), "<iptables-restore payload>"),
                    env).withHops(false);
            cost = ConnectionCostModel.measure("ipvs", sim, ipsets(ipvs.ipsets()), spread(services), noService,
                    EntryPoint.PREROUTING);
        } else if (dp instanceof NftablesDataPlane nft) {
            RuleCensus.Builder b = new RuleCensus.Builder();
            long sets = 0;
            long elements = 0;
            for (NftTable t : nft.ruleset().tables()) {
                String table = t.family().keyword() + " " + t.name();
                for (NftChain ch : t.chains()) {
                    b.chain(table, ch.name()).rules(table, ch.name(), ch.rules().size());
                }
                for (NftSet s : t.sets()) {
                    sets++;
                    elements += s.elements().size();
                }
            }
            census = b.build();
            objects.add(new Count("sets and maps", sets));
            objects.add(new Count("set and map elements", elements));
            cost = ConnectionCostModel.nftables(services.size());
        } else {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "unsupported-mode",
                    "kpsim scale analyses iptables, ipvs and nftables modes, not " + mode.name());
        }
        long t5 = System.nanoTime();
        afterwards.accept(c);
        return new ScaleReport(spec, c.cluster().nodes().size(), c.cluster().pods().size(), census, objects, rendered,
                new Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t5 - t4)), heap, cost, formula(spec, census),
                dp.notes());
    }

    /** The formats the kernel tools load, with their sizes in bytes. */
    private static List<Count> render(DataPlane dp) {
        List<String> formats;
        if (dp instanceof IptablesDataPlane) {
            formats = List.of("restore");
        } else if (dp instanceof IpvsDataPlane ipvs) {
            formats = ipvs.payload(IpFamily.IPV6).isPresent() && ipvs.payload(IpFamily.IPV4).isPresent()
                    ? List.of("ipvsadm-save", "ipset", "iptables", "ip6tables") : List.of("ipvsadm-save", "ipset", "iptables");
        } else if (dp instanceof NftablesDataPlane) {
            formats = List.of("nft-f");
        } else {
            formats = List.of();
        }
        List<Count> out = new ArrayList<>();
        for (String f : formats) {
            out.add(new Count(f, dp.render(f).getBytes(StandardCharsets.UTF_8).length));
        }
        return out;
    }

    /** First packets of connections from a pod on the node to every ClusterIP service port, in KUBE-SERVICES order. */
    private static List<Packet> servicePackets(SyntheticCluster c, NodeEnvironment env) {
        HostPort from = new HostPort(localPod(c, env), 40000);
        NodeProxyView view = c.proxyInput().view(IpFamily.IPV4);
        List<Packet> out = new ArrayList<>(view.servicePorts().size());
        for (ServicePortEntry e : view.servicePorts()) {
            out.add(Packet.of(e.info().protocol(), from, new HostPort(e.info().clusterIp(), e.info().port())));
        }
        return out;
    }

    /** A new connection from a pod on the node to a pod on another node: no service. */
    private static Packet noServicePacket(SyntheticCluster c, NodeEnvironment env) {
        IpAddress src = localPod(c, env);
        IpAddress dst = c.cluster().pods().stream().map(p -> p.ips().get(0)).filter(ip -> !env.isLocalPod(ip))
                .findFirst().orElse(IpAddress.parse("192.0.2.1"));
        return Packet.of(Protocol.TCP, new HostPort(src, 40000), new HostPort(dst, 8080));
    }

    private static IpAddress localPod(SyntheticCluster c, NodeEnvironment env) {
        return c.cluster().pods().stream().filter(p -> c.nodeName().equals(p.nodeName())).map(Pod::ips)
                .map(l -> l.get(0)).findFirst().orElseGet(() -> env.localPodCidrs().get(0).address().plus(2));
    }

    /** A few services from the whole list (first, last and evenly between). */
    private static List<Packet> spread(List<Packet> all) {
        if (all.size() <= IPVS_SERVICES_MEASURED) {
            return all;
        }
        List<Packet> out = new ArrayList<>();
        for (int k = 0; k < IPVS_SERVICES_MEASURED; k++) {
            out.add(all.get((int) ((long) k * (all.size() - 1) / (IPVS_SERVICES_MEASURED - 1))));
        }
        return out;
    }

    /** {@code -m set} answered from IPVS mode's ipsets ({@code xt_set}'s src/dst flags per dimension). */
    private static IpsetLookup ipsets(List<IpSet> sets) {
        Map<String, IpSet> byName = new HashMap<>();
        sets.forEach(s -> byName.put(s.name(), s));
        return (name, dirs, p) -> {
            IpSet s = byName.get(name);
            if (s == null) {
                return IpsetMembership.UNKNOWN_SET;
            }
            String flags = dirs.stream().map(d -> d == Side.SOURCE ? "src" : "dst").collect(Collectors.joining(","));
            return s.matches(flags, p.source(), p.sourcePort(), p.destination(), p.destinationPort(), p.protocol())
                    ? IpsetMembership.MEMBER : IpsetMembership.NOT_MEMBER;
        };
    }

    /** kube-proxy's formula, for an iptables cluster of ClusterIP services without policies or affinity. */
    private static Optional<Formula> formula(SyntheticSpec spec, RuleCensus census) {
        boolean plain = spec.mode().equals("iptables") && spec.typeMix().counts(spec.services()).get(ServiceType.ClusterIP)
                == spec.services() && spec.internalLocalShare() == 0 && spec.affinityShare() == 0
                && !census.tables().isEmpty() && census.tables().stream().noneMatch(t -> t.contains("("));
        if (!plain) {
            return Optional.empty();
        }
        long nat = KubeProxyRuleFormula.natRules(spec.services(), spec.endpointsPerService());
        long filter = KubeProxyRuleFormula.filterRules(spec.services(), spec.endpointsPerService());
        return Optional.of(new Formula(nat, filter, census.rules("nat") == nat && census.rules("filter") == filter));
    }

    private static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
