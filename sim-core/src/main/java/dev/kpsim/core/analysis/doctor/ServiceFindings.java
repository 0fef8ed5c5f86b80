package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Findings about service ports, from the objects and the probes: no endpoints (REJECT), no local endpoints (DROP),
 * unready endpoints, source-range drops, hairpin without masquerade, and per-port ClientIP affinity. Offending lines
 * are the rules the simulated packets met, as the node's tool prints them.
 */
final class ServiceFindings {
    private ServiceFindings() {
    }

    static List<Finding> find(NodeSubject subject, Probes probes, List<ServiceWalk.Port> ports) {
        List<Finding> out = new ArrayList<>();
        for (ServiceWalk.Port p : ports) {
            ServicePortEntry e = p.entry();
            ServicePortInfo i = e.info();
            String spn = i.name().toString();
            if (!e.categorized().hasAnyEndpoints()) {
                out.add(new Finding(FindingKind.NO_ENDPOINTS, spn, i.name().serviceKey(), spn + " has no usable endpoint, so new connections to its "
                        + frontends(subject, p) + " are rejected", verdictLines(subject, probes, p, Verdict.REJECT, false)));
            } else if (i.usesLocalEndpoints() && e.categorized().localEndpoints().isEmpty()) {
                String where = i.internalPolicyLocal() ? "its ClusterIP " + i.clusterIp() + ":" + i.port()
                        : "external traffic to " + externalFrontends(subject, p);
                String policy = i.internalPolicyLocal() ? "internalTrafficPolicy" : "externalTrafficPolicy";
                String effect = subject.mode().equals("ipvs")
                        ? " Local is not kept for " + where + ": IPVS mode falls back to every endpoint (PR #97081)"
                        : " Local drops " + where + " here";
                out.add(new Finding(FindingKind.NO_LOCAL_ENDPOINTS, spn, i.name().serviceKey(), "node " + subject.nodeName()
                        + " has no local endpoint of " + spn + ": " + policy + effect,
                        verdictLines(subject, probes, p, Verdict.DROP, !i.internalPolicyLocal())));
            }
            List<EndpointInfo> unready = e.endpoints().stream().filter(ep -> !ep.ready()).toList();
            if (!unready.isEmpty()) {
                out.add(new Finding(FindingKind.UNREADY_ENDPOINTS, spn, i.name().serviceKey(), unready.size() + " of " + e.endpoints().size()
                        + " endpoints of " + spn + " are not ready", unready.stream().map(ServiceFindings::describe).toList()));
            }
            if (!i.loadBalancerVips().isEmpty() && !i.loadBalancerSourceRanges().isEmpty() && e.categorized().hasAnyEndpoints()) {
                Client outside = probes.outsideClient(p.view());
                List<String> lines = new ArrayList<>();
                for (Frontend f : subject.frontends(p.view(), e)) {
                    if (f.kind() == Frontend.Kind.LOAD_BALANCER) {
                        probes.probe(outside, f).ifPresent(pr -> lines.addAll(pr.verdictRules(subject.rules())));
                    }
                }
                out.add(new Finding(FindingKind.SOURCE_RANGE_DROP, spn, i.name().serviceKey(), "clients outside "
                        + String.join(", ", i.loadBalancerSourceRanges()) + " are dropped at " + i.loadBalancerVips().stream()
                        .map(ip -> ip + ":" + i.port()).collect(Collectors.joining(", ")), dedupe(lines)));
            }
            if (probes.simulator().isPresent()) {
                for (HairpinCheck.Result r : HairpinCheck.run(subject, probes, p.view(), e)) {
                    if (r.status() == StepStatus.FAIL) {
                        out.add(new Finding(FindingKind.HAIRPIN_OFF, spn, i.name().serviceKey(), r.text(), r.lines()));
                    }
                }
            }
        }
        out.addAll(affinity(subject, ports));
        return out;
    }

    private static String describe(EndpointInfo ep) {
        return ep + (ep.targetPod() != null ? " (pod " + ep.targetPod() + ")" : "") + ": ready=" + ep.ready()
                + " serving=" + ep.serving() + " terminating=" + ep.terminating();
    }

    private static String frontends(NodeSubject subject, ServiceWalk.Port p) {
        return subject.frontends(p.view(), p.entry()).stream().map(f -> f.kind().words() + " " + f.address())
                .collect(Collectors.joining(", "));
    }

    private static String externalFrontends(NodeSubject subject, ServiceWalk.Port p) {
        return subject.frontends(p.view(), p.entry()).stream().filter(Frontend::external)
                .map(f -> f.kind().words() + " " + f.address()).collect(Collectors.joining(", "));
    }

    /** The rules that decided {@code verdict} for the usual client of each (external-only) frontend. */
    private static List<String> verdictLines(NodeSubject subject, Probes probes, ServiceWalk.Port p, Verdict verdict,
                                             boolean externalOnly) {
        List<String> lines = new ArrayList<>();
        for (Frontend f : subject.frontends(p.view(), p.entry())) {
            if (externalOnly && !f.external() || !externalOnly && f.external() && verdict == Verdict.DROP) {
                continue;
            }
            probes.probe(probes.usualClient(p.view(), f), f).ifPresent(pr -> {
                if (pr.delivery().all(verdict)) {
                    lines.addAll(pr.verdictRules(subject.rules()));
                }
            });
            lines.addAll(nftElements(subject, f));
        }
        if (lines.isEmpty()) {
            String marker = p.entry().info().name() + (verdict == Verdict.REJECT ? " has no endpoints" : " has no local endpoints");
            for (RuleInventory.RuleLine l : subject.rules().lines()) {
                if (l.text().contains(marker) || (l.text().contains("comment \"" + p.entry().info().name() + "\"")
                        && (l.text().contains("reject") || l.text().contains("drop")))) {
                    lines.add(l.text());
                }
            }
        }
        return dedupe(lines);
    }

    /** nftables: the {@code no-endpoint-services} / {@code no-endpoint-nodeports} element of a frontend, if any. */
    private static List<String> nftElements(NodeSubject subject, Frontend f) {
        String proto = f.protocol().lower();
        boolean node = f.kind() == Frontend.Kind.NODE_PORT;
        String key = node ? proto + " . " + f.address().port() + " " : f.address().ip() + " . " + proto + " . " + f.address().port() + " ";
        String map = node ? "no-endpoint-nodeports" : "no-endpoint-services";
        List<String> out = new ArrayList<>();
        subject.rules().nft().ifPresent(l -> l.kubeProxyTables().forEach(t -> t.elements(map).stream()
                .filter(e -> e.startsWith(key)).forEach(e -> out.add("map " + map + " element " + e))));
        return out;
    }

    private static List<String> dedupe(List<String> lines) {
        return lines.stream().distinct().toList();
    }

    /** ClientIP affinity on a Service with several ports, where each port keeps its own affinity. */
    private static List<Finding> affinity(NodeSubject subject, List<ServiceWalk.Port> ports) {
        List<Finding> out = new ArrayList<>();
        if (subject.mode().equals("ipvs")) {
            return out;
        }
        Map<String, List<ServiceWalk.Port>> byService = new LinkedHashMap<>();
        for (ServiceWalk.Port p : ports) {
            if (p.entry().info().clientIpAffinity()) {
                byService.computeIfAbsent(p.view().family() + " " + p.entry().info().name().serviceKey(), k -> new ArrayList<>()).add(p);
            }
        }
        for (List<ServiceWalk.Port> group : byService.values()) {
            if (group.size() < 2) {
                continue;
            }
            String key = group.get(0).entry().info().name().serviceKey();
            List<String> lines = new ArrayList<>();
            for (ServiceWalk.Port p : group) {
                lines.addAll(affinityLines(subject, p));
            }
            out.add(new Finding(FindingKind.AFFINITY_PER_PORT, key, key, key + " has ClientIP affinity on " + group.size()
                    + " ports (" + group.stream().map(p -> p.entry().info().name().port().isEmpty() ? String.valueOf(p.entry().info().port())
                    : p.entry().info().name().port()).collect(Collectors.joining(", "))
                    + "): each port keeps its own affinity, so one client may reach different pods on each", lines));
        }
        return out;
    }

    /** The first affinity rule of a service port's chain: an iptables {@code --rcheck} or an nft {@code @affinity-} lookup. */
    private static List<String> affinityLines(NodeSubject subject, ServiceWalk.Port p) {
        ServicePortInfo i = p.entry().info();
        for (Ruleset rs : subject.rules().ruleset(p.view().family()).stream().toList()) {
            String spn = IptablesStructure.spnText(subject, rs, p.entry());
            for (String prefix : List.of("KUBE-SVC-", "KUBE-SVL-")) {
                String chain = KubeProxyNames.serviceChain(prefix, spn, i.protocol().lower());
                for (var r : IptablesRules.rules(rs, "nat", chain)) {
                    if (IptablesRules.hasRecentCheck(r)) {
                        return List.of(IptablesRules.line(chain, r, rs.family()));
                    }
                }
            }
        }
        String chain = KubeProxyNames.nftChain("service-", i.name());
        return subject.rules().nft().stream().flatMap(l -> l.tables().values().stream())
                .flatMap(t -> t.chain(chain).stream()).flatMap(c -> c.rules().stream())
                .filter(r -> r.contains("@affinity-")).limit(1).toList();
    }
}
