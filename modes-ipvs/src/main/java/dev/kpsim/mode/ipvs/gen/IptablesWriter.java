package dev.kpsim.mode.ipvs.gen;

import dev.kpsim.core.kubeproxy.MasqueradeMark;

import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import dev.kpsim.mode.ipvs.ipset.KubeIpSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The iptables side of IPVS mode for one family: kube-proxy's {@code createAndLinkKubeChain},
 * {@code writeIptablesRules} and {@code acceptIPVSTraffic} ({@code pkg/proxy/ipvs/proxier.go}) as an
 * {@code iptables-restore --noflush} payload (nat chains, nat rules, filter chains, filter rules) with provenance, and
 * the jump rules kube-proxy prepends to the built-in chains.
 */
final class IptablesWriter {
    private static final List<IpsetRule> CURRENT_RULES = List.of(
            new IpsetRule(KubeIpSet.LOOP_BACK, "nat", "KUBE-POSTROUTING", "MASQUERADE", "dst,dst,src", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER, "nat", "KUBE-SERVICES", "KUBE-LOAD-BALANCER", "dst,dst", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER_LOCAL, "nat", "KUBE-LOAD-BALANCER", "RETURN", "dst,dst", null),
            new IpsetRule(KubeIpSet.NODE_PORT_LOCAL_TCP, "nat", "KUBE-NODE-PORT", "RETURN", "dst", "tcp"),
            new IpsetRule(KubeIpSet.NODE_PORT_TCP, "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "tcp"),
            new IpsetRule(KubeIpSet.NODE_PORT_LOCAL_UDP, "nat", "KUBE-NODE-PORT", "RETURN", "dst", "udp"),
            new IpsetRule(KubeIpSet.NODE_PORT_UDP, "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "udp"),
            new IpsetRule(KubeIpSet.NODE_PORT_LOCAL_SCTP, "nat", "KUBE-NODE-PORT", "RETURN", "dst,dst", "sctp"),
            new IpsetRule(KubeIpSet.NODE_PORT_SCTP, "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst,dst", "sctp"),
            new IpsetRule(KubeIpSet.LOAD_BALANCER_FW, "filter", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "dst,dst", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER_SOURCE_CIDR, "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER_SOURCE_IP, "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", null));

    private static final List<IpsetRule> V1_18_RULES = List.of(
            new IpsetRule(KubeIpSet.LOOP_BACK, "nat", "KUBE-POSTROUTING", "MASQUERADE", "dst,dst,src", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER, "nat", "KUBE-SERVICES", "KUBE-LOAD-BALANCER", "dst,dst", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER_FW, "nat", "KUBE-LOAD-BALANCER", "KUBE-FIREWALL", "dst,dst", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER_SOURCE_CIDR, "nat", "KUBE-FIREWALL", "RETURN", "dst,dst,src", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER_SOURCE_IP, "nat", "KUBE-FIREWALL", "RETURN", "dst,dst,src", null),
            new IpsetRule(KubeIpSet.LOAD_BALANCER_LOCAL, "nat", "KUBE-LOAD-BALANCER", "RETURN", "dst,dst", null),
            new IpsetRule(KubeIpSet.NODE_PORT_LOCAL_TCP, "nat", "KUBE-NODE-PORT", "RETURN", "dst", "tcp"),
            new IpsetRule(KubeIpSet.NODE_PORT_TCP, "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "tcp"),
            new IpsetRule(KubeIpSet.NODE_PORT_LOCAL_UDP, "nat", "KUBE-NODE-PORT", "RETURN", "dst", "udp"),
            new IpsetRule(KubeIpSet.NODE_PORT_UDP, "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "udp"),
            new IpsetRule(KubeIpSet.NODE_PORT_SCTP, "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst,dst", "sctp"),
            new IpsetRule(KubeIpSet.NODE_PORT_LOCAL_SCTP, "nat", "KUBE-NODE-PORT", "RETURN", "dst,dst", "sctp"));

    private final IpvsFlavour flavour;
    private final IpFamily family;
    private final ProxyConfig config;
    private final LocalTrafficDetector detector;
    private final Set<KubeIpSet> nonEmpty;
    private final List<String[]> lbNoNodeAccess;
    private final List<RestoreLine> nat = new ArrayList<>();
    private final List<RestoreLine> filter = new ArrayList<>();

    IptablesWriter(IpvsFlavour flavour, IpFamily family, ProxyConfig config, LocalTrafficDetector detector,
                   Set<KubeIpSet> nonEmpty, List<String[]> lbNoNodeAccess) {
        this.flavour = flavour;
        this.family = family;
        this.config = config;
        this.detector = detector;
        this.nonEmpty = nonEmpty;
        this.lbNoNodeAccess = lbNoNodeAccess;
    }

    private String name(KubeIpSet s) {
        return s.name(family);
    }

    private static String comment(KubeIpSet s) {
        return "\"" + s.comment() + "\"";
    }

    private void natRule(String text, String role) {
        nat.add(new RestoreLine(text, Provenance.fixed(role)));
    }

    private void filterRule(String text, String role) {
        filter.add(new RestoreLine(text, Provenance.fixed(role)));
    }

    RestorePayload write() {
        return flavour == IpvsFlavour.V1_18 ? writeV118() : writeCurrent();
    }

    private void ipsetRules(List<IpsetRule> rules) {
        for (IpsetRule r : rules) {
            if (!nonEmpty.contains(r.set())) {
                continue;
            }
            StringBuilder sb = new StringBuilder("-A ").append(r.from());
            if (r.protocol() != null) {
                sb.append(" -p ").append(r.protocol());
            }
            sb.append(" -m comment --comment ").append(comment(r.set())).append(" -m set --match-set ")
                    .append(name(r.set())).append(' ').append(r.match()).append(" -j ").append(r.to());
            String role = r.set() == KubeIpSet.LOOP_BACK ? "loop-back-masquerade" : "ipset-match";
            if (r.table().equals("filter")) {
                filterRule(sb.toString(), r.to().equals("RETURN") ? "firewall-allow" : role);
            } else {
                natRule(sb.toString(), role);
            }
        }
    }

    private void serviceRules() {
        if (nonEmpty.contains(KubeIpSet.CLUSTER_IP)) {
            String base = "-A KUBE-SERVICES -m comment --comment " + comment(KubeIpSet.CLUSTER_IP)
                    + " -m set --match-set " + name(KubeIpSet.CLUSTER_IP);
            if (config.masqueradeAll()) {
                natRule(base + " dst,dst -j KUBE-MARK-MASQ", "masquerade-off-cluster");
            } else if (detector.implemented()) {
                natRule(base + " dst,dst " + String.join(" ", detector.ifNotLocal()) + " -j KUBE-MARK-MASQ",
                        "masquerade-off-cluster");
            } else {
                natRule(base + " src,dst -j KUBE-MARK-MASQ", "masquerade-off-cluster");
            }
        }
        if (nonEmpty.contains(KubeIpSet.EXTERNAL_IP)) {
            String base = "-A KUBE-SERVICES -m comment --comment " + comment(KubeIpSet.EXTERNAL_IP)
                    + " -m set --match-set " + name(KubeIpSet.EXTERNAL_IP) + " dst,dst";
            natRule(base + " -j KUBE-MARK-MASQ", "masquerade-external");
            externalIpRules(base);
        }
        if (nonEmpty.contains(KubeIpSet.EXTERNAL_IP_LOCAL)) {
            externalIpRules("-A KUBE-SERVICES -m comment --comment " + comment(KubeIpSet.EXTERNAL_IP_LOCAL)
                    + " -m set --match-set " + name(KubeIpSet.EXTERNAL_IP_LOCAL) + " dst,dst");
        }
        natRule("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT", "nodeports-tail");
        natRule("-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ", "masquerade-external");
    }

    private void externalIpRules(String base) {
        natRule(base + " -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT", "external-ip");
        natRule(base + " -m addrtype --dst-type LOCAL -j ACCEPT", "external-ip");
    }

    private void acceptIpvsTraffic() {
        for (KubeIpSet s : List.of(KubeIpSet.CLUSTER_IP, KubeIpSet.LOAD_BALANCER)) {
            if (nonEmpty.contains(s)) {
                natRule("-A KUBE-SERVICES -m set --match-set " + name(s) + " dst,dst -j ACCEPT", "ipvs-accept");
            }
        }
    }

    private RestorePayload writeCurrent() {
        int m = config.masqueradeMark();
        for (String c : List.of("KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ")) {
            nat.add(RestoreLine.of(":" + c + " - [0:0]"));
        }
        for (String c : List.of("KUBE-FORWARD", "KUBE-NODE-PORT", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL",
                "KUBE-IPVS-FILTER", "KUBE-IPVS-OUT-FILTER")) {
            filter.add(RestoreLine.of(":" + c + " - [0:0]"));
        }
        natRule("-A KUBE-SERVICES -s " + (family == IpFamily.IPV6 ? "::1/128" : "127.0.0.0/8") + " -j RETURN",
                "localhost-return");
        ipsetRules(CURRENT_RULES);
        serviceRules();
        filterRule("-A KUBE-SOURCE-RANGES-FIREWALL -j DROP", "firewall-drop");
        for (String[] e : lbNoNodeAccess) {
            filterRule("-A KUBE-IPVS-OUT-FILTER -s " + e[0] + " -m ipvs --vaddr " + e[0] + " --vproto " + e[1]
                    + " --vport " + e[2] + " -j DROP", "firewall-drop");
        }
        acceptIpvsTraffic();
        filterRule("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark "
                + MasqueradeMark.pairText(m) + " -j ACCEPT", "forward-accept-marked");
        filterRule("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate "
                + "RELATED,ESTABLISHED -j ACCEPT", "forward-accept-established");
        filterRule("-A KUBE-NODE-PORT -m comment --comment " + comment(KubeIpSet.HEALTH_CHECK_NODE_PORT)
                + " -m set --match-set " + name(KubeIpSet.HEALTH_CHECK_NODE_PORT) + " dst -j ACCEPT", "health-check");
        for (KubeIpSet s : List.of(KubeIpSet.LOAD_BALANCER, KubeIpSet.CLUSTER_IP, KubeIpSet.EXTERNAL_IP,
                KubeIpSet.EXTERNAL_IP_LOCAL)) {
            filterRule("-A KUBE-IPVS-FILTER -m set --match-set " + name(s) + " dst,dst -j RETURN", "ipvs-filter");
        }
        filterRule("-A KUBE-IPVS-FILTER -m set --match-set " + name(KubeIpSet.HEALTH_CHECK_NODE_PORT)
                + " dst -j RETURN", "ipvs-filter");
        filterRule("-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set " + name(KubeIpSet.IPVS_IPS)
                + " dst -j REJECT", "ipvs-filter");
        natRule("-A KUBE-POSTROUTING -m mark ! --mark " + MasqueradeMark.pairText(m) + " -j RETURN", "postrouting-return");
        natRule("-A KUBE-POSTROUTING -j MARK --xor-mark " + MasqueradeMark.text(m), "postrouting-unmark");
        natRule("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE"
                + " --random-fully", "postrouting-masquerade");
        natRule("-A KUBE-MARK-MASQ -j MARK --or-mark " + MasqueradeMark.text(m), "mark-masq");
        return new RestorePayload(family, List.of(new RestoreTable("nat", nat), new RestoreTable("filter", filter)),
                jumps(List.of(
                        new String[] {"nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals"},
                        new String[] {"nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals"},
                        new String[] {"nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules"},
                        new String[] {"filter", "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules"},
                        new String[] {"filter", "INPUT", "KUBE-NODE-PORT", "kubernetes health check rules"},
                        new String[] {"filter", "INPUT", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"},
                        new String[] {"filter", "FORWARD", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"},
                        new String[] {"filter", "INPUT", "KUBE-IPVS-FILTER", "kubernetes ipvs access filter"},
                        new String[] {"filter", "OUTPUT", "KUBE-IPVS-OUT-FILTER", "kubernetes ipvs access filter"})));
    }

    private RestorePayload writeV118() {
        String mm = MasqueradeMark.pairText(config.masqueradeMark());
        for (String c : List.of("KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-FIREWALL", "KUBE-NODE-PORT",
                "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ", "KUBE-MARK-DROP")) {
            nat.add(RestoreLine.of(":" + c + " - [0:0]"));
        }
        filter.add(RestoreLine.of(":KUBE-FORWARD - [0:0]"));
        natRule("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -m mark --mark "
                + mm + " -j MASQUERADE --random-fully", "postrouting-masquerade");
        natRule("-A KUBE-MARK-MASQ -j MARK --set-xmark " + mm, "mark-masq");
        ipsetRules(V1_18_RULES);
        serviceRules();
        natRule("-A KUBE-FIREWALL -j KUBE-MARK-DROP", "firewall-drop");
        acceptIpvsTraffic();
        filterRule("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark " + mm
                + " -j ACCEPT", "forward-accept-marked");
        filterRule("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack pod source rule\" -m conntrack"
                + " --ctstate RELATED,ESTABLISHED -j ACCEPT", "forward-accept-established");
        filterRule("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack pod destination rule\""
                + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "forward-accept-established");
        return new RestorePayload(family, List.of(new RestoreTable("nat", nat), new RestoreTable("filter", filter)),
                jumps(List.of(
                        new String[] {"nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals"},
                        new String[] {"nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals"},
                        new String[] {"nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules"},
                        new String[] {"filter", "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules"})));
    }

    /**
     * {@code EnsureRule(Prepend, …)} in list order: within one built-in chain a later jump lands above an earlier one.
     */
    private static List<RestorePayload.BuiltinJump> jumps(List<String[]> rows) {
        Map<String, List<RestorePayload.BuiltinJump>> byChain = new LinkedHashMap<>();
        for (String[] r : rows) {
            byChain.computeIfAbsent(r[0] + "/" + r[1], k -> new ArrayList<>()).add(0,
                    new RestorePayload.BuiltinJump(r[0], r[1], "-m comment --comment \"" + r[3] + "\" -j " + r[2]));
        }
        List<RestorePayload.BuiltinJump> out = new ArrayList<>();
        byChain.values().forEach(out::addAll);
        return out;
    }
}
