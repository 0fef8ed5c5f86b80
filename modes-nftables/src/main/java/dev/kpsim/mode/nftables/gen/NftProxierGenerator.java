package dev.kpsim.mode.nftables.gen;

import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.mode.nftables.model.ChainType;
import dev.kpsim.mode.nftables.model.NftFamily;
import dev.kpsim.mode.nftables.model.NftHook;
import dev.kpsim.mode.nftables.model.NftTable;
import dev.kpsim.mode.nftables.model.Verdict;
import dev.kpsim.mode.nftables.model.VerdictKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the {@code table ip kube-proxy} (or {@code ip6}) that kube-proxy's nftables proxier writes in a full
 * sync on a fresh node ({@code pkg/proxy/nftables/proxier.go} {@code setupNFTables}, {@code syncProxyRules},
 * {@code writeServiceToEndpointRules}), for one flavour. Service ports are visited in {@link NodeProxyView} order
 * (kpsim's stand-in for Go's map order), so objects are created, and listed, in a deterministic order. Pure;
 * O(service ports + endpoints).
 */
public final class NftProxierGenerator {

    static final String TABLE = "kube-proxy";
    private static final String SERVICES = "services";
    private static final String MARK_MASQ = "mark-for-masquerade";
    private static final String MASQUERADING = "masquerading";
    private static final String CLUSTER_IPS_CHECK = "cluster-ips-check";
    private static final String FIREWALL_CHECK = "firewall-check";
    private static final String SERVICE_EP_CHECK = "service-endpoints-check";
    private static final String NODEPORT_EP_CHECK = "nodeport-endpoints-check";
    private static final String REJECT_CHAIN = "reject-chain";
    private static final String HAIRPIN_SET = "hairpin-connections";
    private static final String ENDPOINT_PREFIX = "endpoint-";

    private final NodeProxyView view;
    private final ProxyConfig config;
    private final NftFlavour flavour;
    private final NftGeneratorOptions options;
    private final IpFamily family;
    private final String ipX;
    private final String addrType;
    private final String noLocalhost;
    private final String mark;
    private final LocalTrafficDetector detector;
    private final NftTransaction tx;
    private final List<String> notes = new ArrayList<>();
    /** The endpoint chain names of {@link #endpointChainsOf}, the service port being written. */
    private final Map<HostPort, String> endpointChains = new HashMap<>();
    private ServicePortInfo endpointChainsOf;

    private NftProxierGenerator(NodeProxyView view, ProxyConfig config, NftFlavour flavour, NftGeneratorOptions options) {
        this.view = view;
        this.config = config;
        this.flavour = flavour;
        this.options = options;
        this.family = view.family();
        boolean v6 = family == IpFamily.IPV6;
        this.ipX = v6 ? "ip6" : "ip";
        this.addrType = v6 ? "ipv6_addr" : "ipv4_addr";
        this.noLocalhost = v6 ? "ip6 daddr != ::1" : "ip daddr != 127.0.0.0/8";
        this.mark = options.markText() != null ? options.markText() : NftGeneratorOptions.goHex(config.masqueradeMark());
        this.detector = LocalTrafficDetector.of(config, view.node().orElse(null), family);
        this.tx = new NftTransaction(NftFamily.of(family), TABLE, "rules for kube-proxy");
    }

    /** The generated table and notes about choices made (e.g. ServiceCIDRs not known). */
    public record Result(NftTable table, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /** Generates the table kube-proxy for {@code view}'s family writes on {@code view}'s node. */
    public static Result generate(NodeProxyView view, ProxyConfig config, NftFlavour flavour, NftGeneratorOptions options) {
        NftProxierGenerator g = new NftProxierGenerator(view, config, flavour, options);
        g.setup();
        for (ServicePortEntry e : view.servicePorts()) {
            g.servicePort(e);
        }
        return new Result(g.tx.build(), g.notes);
    }

    private boolean squashed() {
        return flavour == NftFlavour.V1_36;
    }

    private static Provenance fixed(String role) {
        return Provenance.fixed(role);
    }

    private String ifLocal() {
        return switch (detector.kind()) {
            case ClusterCIDR, NodeCIDR -> cidrFamily(detector.value()) + " saddr " + detector.value();
            case BridgeInterface -> "iifname " + detector.value();
            case InterfaceNamePrefix -> "iifname " + detector.value() + "*";
        };
    }

    private String ifNotLocal() {
        return switch (detector.kind()) {
            case ClusterCIDR, NodeCIDR -> cidrFamily(detector.value()) + " saddr != " + detector.value();
            case BridgeInterface -> "iifname != " + detector.value();
            case InterfaceNamePrefix -> "iifname != " + detector.value() + "*";
        };
    }

    private static String cidrFamily(String cidr) {
        return cidr.contains(":") ? "ip6" : "ip";
    }

    /** How a chain sets the masquerade mark: a jump to {@code mark-for-masquerade}, or inline from 1.36. */
    private String markMasq() {
        return squashed() ? "mark set mark or " + mark : "jump " + MARK_MASQ;
    }

    // ---- setupNFTables ----

    private record JumpChain(String dst, String src, String extra) {
    }

    private void setup() {
        if (flavour == NftFlavour.GA) {
            tx.baseChain("filter-prerouting", ChainType.FILTER, NftHook.PREROUTING, -110);
            tx.baseChain("filter-input", ChainType.FILTER, NftHook.INPUT, -110);
            tx.baseChain("filter-forward", ChainType.FILTER, NftHook.FORWARD, -110);
            tx.baseChain("filter-output", ChainType.FILTER, NftHook.OUTPUT, -110);
            tx.baseChain("filter-output-post-dnat", ChainType.FILTER, NftHook.OUTPUT, -90);
        } else {
            tx.baseChain("filter-prerouting-pre-dnat", ChainType.FILTER, NftHook.PREROUTING, -110);
            tx.baseChain("filter-output-pre-dnat", ChainType.FILTER, NftHook.OUTPUT, -110);
            tx.baseChain("filter-input", ChainType.FILTER, NftHook.INPUT, 0);
            tx.baseChain("filter-forward", ChainType.FILTER, NftHook.FORWARD, 0);
            tx.baseChain("filter-output", ChainType.FILTER, NftHook.OUTPUT, 0);
        }
        tx.baseChain("nat-prerouting", ChainType.NAT, NftHook.PREROUTING, -100);
        tx.baseChain("nat-output", ChainType.NAT, NftHook.OUTPUT, -100);
        tx.baseChain("nat-postrouting", ChainType.NAT, NftHook.POSTROUTING, 100);

        boolean ga = flavour == NftFlavour.GA;
        List<JumpChain> jumps = List.of(
                new JumpChain(NODEPORT_EP_CHECK, "filter-input", "ct state new"),
                new JumpChain(SERVICE_EP_CHECK, "filter-input", "ct state new"),
                new JumpChain(SERVICE_EP_CHECK, "filter-forward", "ct state new"),
                new JumpChain(SERVICE_EP_CHECK, "filter-output", "ct state new"),
                new JumpChain(FIREWALL_CHECK, ga ? "filter-prerouting" : "filter-prerouting-pre-dnat", "ct state new"),
                new JumpChain(FIREWALL_CHECK, ga ? "filter-output" : "filter-output-pre-dnat", "ct state new"),
                new JumpChain(SERVICES, "nat-output", ""),
                new JumpChain(SERVICES, "nat-prerouting", ""),
                new JumpChain(MASQUERADING, "nat-postrouting", ""),
                new JumpChain(CLUSTER_IPS_CHECK, "filter-forward", "ct state new"),
                new JumpChain(CLUSTER_IPS_CHECK, ga ? "filter-output-post-dnat" : "filter-output", "ct state new"));
        for (JumpChain j : jumps) {
            tx.chain(j.dst());
            tx.rule(j.src(), (j.extra().isEmpty() ? "" : j.extra() + " ") + "jump " + j.dst(), fixed("jump"));
        }
        for (String c : squashed() ? List.of(SERVICES, CLUSTER_IPS_CHECK, MASQUERADING)
                : List.of(SERVICES, CLUSTER_IPS_CHECK, MASQUERADING, MARK_MASQ)) {
            tx.chain(c);
        }
        if (squashed()) {
            tx.rule(MASQUERADING, "mark and " + mark + " != 0 mark set mark xor " + mark + " masquerade fully-random",
                    fixed("postrouting-masquerade"));
            tx.set(HAIRPIN_SET, addrType + " . " + addrType + " . inet_proto . inet_service", List.of(), null,
                    "service hairpin connections");
            tx.rule(MASQUERADING, "ct status dnat " + ipX + " saddr . " + ipX + " daddr . meta l4proto . th dport @"
                    + HAIRPIN_SET + " masquerade fully-random", fixed("hairpin-set-masquerade"));
        } else {
            tx.rule(MARK_MASQ, "mark set mark or " + mark, fixed("mark-masq"));
            tx.rule(MASQUERADING, "mark and " + mark + " == 0 return", fixed("postrouting-return"));
            tx.rule(MASQUERADING, "mark set mark xor " + mark, fixed("postrouting-unmark"));
            tx.rule(MASQUERADING, "masquerade fully-random", fixed("postrouting-masquerade"));
        }

        tx.set("cluster-ips", addrType, List.of(), null, "Active ClusterIPs");
        tx.rule(CLUSTER_IPS_CHECK, ipX + " daddr @cluster-ips reject", "Reject traffic to invalid ports of ClusterIPs",
                fixed("cluster-ip-invalid-port-reject"));
        List<String> cidrs = options.serviceCidrs().stream().filter(c -> c.family() == family).map(Cidr::toString)
                .toList();
        if (!cidrs.isEmpty()) {
            tx.rule(CLUSTER_IPS_CHECK, ipX + " daddr { " + String.join(",", cidrs) + " } drop",
                    "Drop traffic to unallocated ClusterIPs", fixed("cluster-ip-unallocated-drop"));
        } else {
            notes.add("ServiceCIDRs not known: the 'Drop traffic to unallocated ClusterIPs' rule is left out, as"
                    + " kube-proxy does until it learns them");
        }

        NodePortAddresses npa = NodePortAddresses.resolve(config.nodePortAddresses(), family, view.nodeIps());
        if (config.nodePortAddresses().isEmpty()) {
            notes.add("nodePortAddresses unset: nftables mode defaults it to 'primary' (NodePorts only on the node's"
                    + " primary IP)");
        }
        tx.set("nodeport-ips", addrType, List.of(), null, "IPs that accept NodePort traffic");
        if (npa.matchAll()) {
            tx.deleteSet("nodeport-ips");
        } else {
            for (IpAddress ip : npa.ips()) {
                tx.element("nodeport-ips", List.of(ip.toString()), null, null);
            }
        }

        tx.map("no-endpoint-services", addrType + " . inet_proto . inet_service", "verdict",
                "vmap to drop or reject packets to services with no endpoints");
        tx.map("no-endpoint-nodeports", "inet_proto . inet_service", "verdict",
                "vmap to drop or reject packets to service nodeports with no endpoints");
        tx.chain(REJECT_CHAIN, "helper for @no-endpoint-services / @no-endpoint-nodeports");
        tx.rule(REJECT_CHAIN, "reject", fixed("no-endpoints-reject"));
        tx.rule(SERVICE_EP_CHECK, ipX + " daddr . meta l4proto . th dport vmap @no-endpoint-services",
                fixed("no-endpoints-check"));
        tx.rule(NODEPORT_EP_CHECK, (npa.matchAll() ? noLocalhost : ipX + " daddr @nodeport-ips")
                + " meta l4proto . th dport vmap @no-endpoint-nodeports", fixed("no-endpoints-check"));

        tx.map("firewall-ips", addrType + " . inet_proto . inet_service", "verdict",
                "destinations that are subject to LoadBalancerSourceRanges");
        tx.chain(FIREWALL_CHECK);
        tx.rule(FIREWALL_CHECK, ipX + " daddr . meta l4proto . th dport vmap @firewall-ips", fixed("firewall-check"));

        tx.map("service-ips", addrType + " . inet_proto . inet_service", "verdict",
                "ClusterIP, ExternalIP and LoadBalancer IP traffic");
        tx.map("service-nodeports", "inet_proto . inet_service", "verdict", "NodePort traffic");
        if (squashed()) {
            if (config.masqueradeAll()) {
                tx.rule(SERVICES, ipX + " daddr @cluster-ips mark set mark or " + mark,
                        "masquerade clusterIP traffic from outside cluster", fixed("masquerade-off-cluster"));
            } else if (detector.implemented()) {
                tx.rule(SERVICES, ipX + " daddr @cluster-ips " + ifNotLocal() + " mark set mark or " + mark,
                        "masquerade clusterIP traffic from outside cluster", fixed("masquerade-off-cluster"));
            }
        }
        tx.rule(SERVICES, ipX + " daddr . meta l4proto . th dport vmap @service-ips", fixed("service-dispatch"));
        tx.rule(SERVICES, (npa.matchAll() ? "fib daddr type local " + noLocalhost : ipX + " daddr @nodeport-ips")
                + " meta l4proto . th dport vmap @service-nodeports", fixed("nodeport-dispatch"));
    }

    // ---- syncProxyRules, one service port ----

    private void servicePort(ServicePortEntry e) {
        ServicePortInfo svc = e.info();
        CategorizedEndpoints cat = e.categorized();
        String spn = svc.name().toString();
        String proto = svc.protocol().lower();
        String base = NftNames.serviceBase(svc.name());
        String clusterChain = "service-" + base;
        String localChain = "local-" + base;
        String extChain = "external-" + base;
        String fwChain = "firewall-" + base;
        boolean affinity = svc.clientIpAffinity();

        boolean endpointChains = !squashed() || affinity;
        if (endpointChains) {
            for (EndpointInfo ep : cat.allReachable()) {
                tx.chain(endpointChain(svc, ep));
            }
        }
        boolean usesClusterChain = !cat.clusterEndpoints().isEmpty() && svc.usesClusterEndpoints();
        if (usesClusterChain) {
            tx.chain(clusterChain);
        }
        boolean usesLocalChain = !cat.localEndpoints().isEmpty() && svc.usesLocalEndpoints();
        if (usesLocalChain) {
            tx.chain(localChain);
        }
        boolean hasEndpoints = cat.hasAnyEndpoints();
        String internalChain = clusterChain;
        boolean hasInternal = hasEndpoints;
        if (svc.internalPolicyLocal()) {
            internalChain = localChain;
            hasInternal = hasInternal && !cat.localEndpoints().isEmpty();
        }
        String externalPolicyChain = clusterChain;
        boolean hasExternal = hasEndpoints;
        if (svc.externalPolicyLocal()) {
            externalPolicyChain = localChain;
            hasExternal = hasExternal && !cat.localEndpoints().isEmpty();
        }
        boolean usesExtChain = hasEndpoints && svc.externallyAccessible();
        if (usesExtChain) {
            tx.chain(extChain);
        }
        Verdict reject = Verdict.goTo(REJECT_CHAIN);
        Verdict drop = Verdict.of(VerdictKind.DROP);
        Verdict internalVerdict = !hasEndpoints ? reject : drop;
        Verdict externalVerdict = !hasEndpoints ? reject : drop;

        String cip = svc.clusterIp().toString();
        String port = Integer.toString(svc.port());
        tx.element("cluster-ips", List.of(cip), null, null);
        if (hasInternal) {
            tx.element("service-ips", List.of(cip, proto, port), null, Verdict.goTo(internalChain));
        } else {
            tx.element("no-endpoint-services", List.of(cip, proto, port), spn, internalVerdict);
        }
        for (IpAddress ext : svc.externalIps()) {
            if (hasEndpoints) {
                tx.element("service-ips", List.of(ext.toString(), proto, port), null, Verdict.goTo(extChain));
            }
            if (!hasExternal) {
                tx.element("no-endpoint-services", List.of(ext.toString(), proto, port), spn, externalVerdict);
            }
        }
        boolean usesFwChain = !svc.loadBalancerVips().isEmpty() && !svc.loadBalancerSourceRanges().isEmpty();
        if (usesFwChain) {
            tx.chain(fwChain);
        }
        for (IpAddress lb : svc.loadBalancerVips()) {
            if (hasEndpoints) {
                tx.element("service-ips", List.of(lb.toString(), proto, port), null, Verdict.goTo(extChain));
            }
            if (usesFwChain) {
                tx.element("firewall-ips", List.of(lb.toString(), proto, port), null, Verdict.goTo(fwChain));
            }
        }
        if (!hasExternal) {
            for (IpAddress lb : svc.loadBalancerVips()) {
                tx.element("no-endpoint-services", List.of(lb.toString(), proto, port), spn, externalVerdict);
            }
        }
        if (svc.nodePort() != 0) {
            String np = Integer.toString(svc.nodePort());
            if (hasEndpoints) {
                tx.element("service-nodeports", List.of(proto, np), null, Verdict.goTo(extChain));
            }
            if (!hasExternal) {
                tx.element("no-endpoint-nodeports", List.of(proto, np), spn, externalVerdict);
            }
        }

        if (hasInternal && !squashed()) {
            String match = ipX + " daddr " + cip + (flavour == NftFlavour.GA ? " " + proto + " dport " + port : "");
            if (config.masqueradeAll()) {
                tx.rule(internalChain, match + " jump " + MARK_MASQ, Provenance.ofService(spn, "masquerade-off-cluster"));
            } else if (detector.implemented()) {
                tx.rule(internalChain, match + " " + ifNotLocal() + " jump " + MARK_MASQ,
                        Provenance.ofService(spn, "masquerade-off-cluster"));
            }
        }

        if (usesExtChain) {
            if (!svc.externalPolicyLocal()) {
                tx.rule(extChain, markMasq(), Provenance.ofService(spn, "masquerade-external"));
            } else {
                if (detector.implemented()) {
                    tx.rule(extChain, ifLocal() + " goto " + clusterChain, "short-circuit pod traffic",
                            Provenance.ofService(spn, "external-local-short-circuit"));
                }
                tx.rule(extChain, "fib saddr type local " + markMasq(), "masquerade local traffic",
                        Provenance.ofService(spn, "external-local-masquerade"));
                tx.rule(extChain, "fib saddr type local goto " + clusterChain, "short-circuit local traffic",
                        Provenance.ofService(spn, "external-local-route"));
            }
            if (hasExternal) {
                tx.rule(extChain, "goto " + externalPolicyChain, Provenance.ofService(spn, "external-policy"));
            }
        }

        if (usesFwChain) {
            List<String> sources = new ArrayList<>();
            boolean allowFromNode = false;
            IpAddress nodeIp = view.nodeIps().isEmpty() ? null : view.nodeIps().get(0);
            for (String r : svc.loadBalancerSourceRanges()) {
                Cidr c = Cidr.parse(r);
                sources.add(c.toString());
                if (nodeIp != null && c.contains(nodeIp)) {
                    allowFromNode = true;
                }
            }
            if (allowFromNode) {
                svc.loadBalancerVips().forEach(lb -> sources.add(lb.toString()));
            }
            tx.rule(fwChain, ipX + " saddr != { " + String.join(" , ", sources) + " } drop",
                    Provenance.ofService(spn, "firewall-drop"));
        }

        if (affinity) {
            for (EndpointInfo ep : cat.allReachable()) {
                tx.set(affinitySet(svc, ep), addrType, List.of("dynamic", "timeout"),
                        Duration.ofSeconds(svc.affinityTimeoutSeconds()), null);
            }
        }
        if (usesClusterChain) {
            endpointSelection(svc, clusterChain, cat.clusterEndpoints());
        }
        if (usesLocalChain) {
            endpointSelection(svc, localChain, cat.localEndpoints());
        }
        for (EndpointInfo ep : cat.allReachable()) {
            String epStr = ep.address().toString();
            if (endpointChains) {
                String chain = endpointChain(svc, ep);
                if (!squashed()) {
                    tx.rule(chain, ipX + " saddr " + ep.address().ip() + " jump " + MARK_MASQ,
                            Provenance.ofEndpoint(spn, epStr, "hairpin-masquerade"));
                }
                if (affinity) {
                    tx.rule(chain, "update @" + affinitySet(svc, ep) + " { " + ipX + " saddr }",
                            Provenance.ofEndpoint(spn, epStr, "affinity-record"));
                }
                tx.rule(chain, "meta l4proto " + proto + " dnat to " + epStr,
                        Provenance.ofEndpoint(spn, epStr, "endpoint-dnat"));
            }
            if (squashed() && ep.local()) {
                String ip = ep.address().ip().toString();
                tx.element(HAIRPIN_SET, List.of(ip, ip, proto, Integer.toString(ep.address().port())), null, null);
            }
        }
    }

    /** {@code endpoint-BASE}, named once per endpoint of the service port being written. */
    private String endpointChain(ServicePortInfo svc, EndpointInfo ep) {
        if (endpointChainsOf != svc) {
            endpointChains.clear();
            endpointChainsOf = svc;
        }
        return endpointChains.computeIfAbsent(ep.address(),
                a -> ENDPOINT_PREFIX + NftNames.endpointBase(svc.name(), a));
    }

    /** {@code affinity-BASE}: the endpoint chain's base with the affinity prefix. */
    private String affinitySet(ServicePortInfo svc, EndpointInfo ep) {
        return "affinity-" + endpointChain(svc, ep).substring(ENDPOINT_PREFIX.length());
    }

    /** {@code writeServiceToEndpointRules}: affinity lookups, then the load-balancing rule. */
    private void endpointSelection(ServicePortInfo svc, String chain, List<EndpointInfo> endpoints) {
        String spn = svc.name().toString();
        if (svc.clientIpAffinity()) {
            for (EndpointInfo ep : endpoints) {
                tx.rule(chain, ipX + " saddr @" + affinitySet(svc, ep) + " goto " + endpointChain(svc, ep),
                        Provenance.ofEndpoint(spn, ep.address().toString(), "affinity-check"));
            }
        }
        List<String> elements = new ArrayList<>();
        if (squashed() && !svc.clientIpAffinity()) {
            for (int i = 0; i < endpoints.size(); i++) {
                EndpointInfo ep = endpoints.get(i);
                elements.add(i + " : " + ep.address().ip() + " . " + ep.address().port());
            }
            tx.rule(chain, "meta l4proto " + svc.protocol().lower() + " dnat " + ipX + " addr . port to numgen random mod "
                    + endpoints.size() + " map { " + String.join(" , ", elements) + " }",
                    Provenance.ofService(spn, "load-balance-dnat"));
            return;
        }
        for (int i = 0; i < endpoints.size(); i++) {
            elements.add(i + " : goto " + endpointChain(svc, endpoints.get(i)));
        }
        tx.rule(chain, "numgen random mod " + endpoints.size() + " vmap { " + String.join(" , ", elements) + " }",
                Provenance.ofService(spn, "load-balance"));
    }
}
