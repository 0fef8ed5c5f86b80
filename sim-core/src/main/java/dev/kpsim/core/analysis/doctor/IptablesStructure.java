package dev.kpsim.core.analysis.doctor;

import static dev.kpsim.core.analysis.doctor.ModeStructure.fail;
import static dev.kpsim.core.analysis.doctor.ModeStructure.ok;

import dev.kpsim.core.analysis.doctor.DoctorStep.Detail;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * iptables mode's structure for one service port ({@code syncProxyRules} in {@code pkg/proxy/iptables/proxier.go}):
 * a nat rule per frontend jumping to the service's chains (or a filter REJECT/DROP when it has no usable endpoints),
 * a KUBE-SVC (and KUBE-SVL) chain jumping to one KUBE-SEP chain per endpoint, and each KUBE-SEP with its hairpin
 * masquerade rule and its DNAT. Chain names are recomputed for the release that wrote the rules (a dump: whichever
 * ServicePortName form its chains use).
 */
final class IptablesStructure implements ModeStructure {

    @Override
    public List<Detail> check(NodeSubject subject, NodeProxyView view, ServicePortEntry e) {
        List<Detail> out = new ArrayList<>();
        Optional<Ruleset> found = subject.rules().ruleset(view.family());
        if (found.isEmpty()) {
            out.add(fail("the node has no " + (view.family().name().equals("IPV6") ? "ip6tables" : "iptables") + " rules"));
            return out;
        }
        Ruleset rs = found.get();
        ServicePortInfo i = e.info();
        CategorizedEndpoints cat = e.categorized();
        String proto = i.protocol().lower();
        String spn = spnText(subject, rs, e);
        String svc = KubeProxyNames.serviceChain("KUBE-SVC-", spn, proto);
        String svl = KubeProxyNames.serviceChain("KUBE-SVL-", spn, proto);
        Set<String> own = new LinkedHashSet<>();
        for (String p : KubeProxyNames.SERVICE_PREFIXES) {
            own.add(KubeProxyNames.serviceChain(p, spn, proto));
        }
        boolean hasAny = cat.hasAnyEndpoints();
        boolean usesSvc = !cat.clusterEndpoints().isEmpty() && i.usesClusterEndpoints();
        boolean usesSvl = !cat.localEndpoints().isEmpty() && i.usesLocalEndpoints();
        boolean hasInternal = hasAny && !(i.internalPolicyLocal() && cat.localEndpoints().isEmpty());

        for (Frontend f : subject.frontends(view, e)) {
            String table;
            List<String> chains;
            boolean toRules = f.external() ? hasAny : hasInternal;
            if (toRules) {
                table = "nat";
                chains = List.of(f.kind() == Frontend.Kind.NODE_PORT ? "KUBE-NODEPORTS" : "KUBE-SERVICES");
            } else {
                table = "filter";
                chains = List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES");
            }
            int n = 0;
            String target = null;
            for (String chain : chains) {
                for (Rule r : IptablesRules.rules(rs, table, chain)) {
                    boolean dst = f.kind() == Frontend.Kind.NODE_PORT
                            ? IptablesRules.matchesDestination(r, null, f.address().port(), f.protocol())
                            : IptablesRules.matchesDestination(r, f.address().ip(), f.address().port(), f.protocol());
                    if (!dst) {
                        continue;
                    }
                    if (toRules && IptablesRules.jump(r).map(own::contains).orElse(false)) {
                        n++;
                        target = IptablesRules.jump(r).get();
                    } else if (!toRules && IptablesRules.dropsOrRejects(r)) {
                        n++;
                        target = r.target() instanceof dev.kpsim.core.netfilter.target.RejectTarget ? "REJECT" : "DROP";
                    }
                }
            }
            String what = f.kind().words() + " " + f.addressLabel();
            String where = table + " " + String.join("/", chains);
            if (n == 1) {
                out.add(ok(where + ": 1 rule for " + what + " -> " + target));
            } else {
                out.add(fail(where + ": " + n + " rules for " + what + " (expected 1 "
                        + (toRules ? "jumping to the service's chains" : "REJECT/DROP rule") + ")"));
            }
        }
        if (usesSvc) {
            out.add(serviceChain(rs, svc, spn, proto, cat.clusterEndpoints()));
        }
        if (usesSvl) {
            out.add(serviceChain(rs, svl, spn, proto, cat.localEndpoints()));
        }
        for (EndpointInfo ep : cat.allReachable()) {
            out.add(endpointChain(rs, spn, proto, ep.address()));
        }
        return out;
    }

    /** The ServicePortName text the rules were written with: the generator's version, else whichever form a dump uses. */
    static String spnText(NodeSubject subject, Ruleset rs, ServicePortEntry e) {
        if (!subject.isDump()) {
            return KubeProxyNames.form(e.info().name(), subject.expectedVersion()).text();
        }
        String proto = e.info().protocol().lower();
        for (KubeProxyNames.SpnForm form : KubeProxyNames.forms(e.info().name())) {
            for (String p : KubeProxyNames.SERVICE_PREFIXES) {
                if (rs.chain("nat", KubeProxyNames.serviceChain(p, form.text(), proto)).isPresent()) {
                    return form.text();
                }
            }
        }
        return e.info().name().toString();
    }

    private static Detail serviceChain(Ruleset rs, String chain, String spn, String proto, List<EndpointInfo> eps) {
        if (rs.chain("nat", chain).isEmpty()) {
            return fail("nat " + chain + ": missing (expected jumps to " + eps.size() + " endpoint chains)");
        }
        Set<String> expected = new LinkedHashSet<>();
        for (EndpointInfo ep : eps) {
            expected.add(KubeProxyNames.endpointChain(spn, proto, ep.address()));
        }
        Set<String> actual = new LinkedHashSet<>();
        for (Rule r : IptablesRules.rules(rs, "nat", chain)) {
            IptablesRules.jump(r).filter(t -> t.startsWith("KUBE-SEP-")).ifPresent(actual::add);
        }
        if (actual.equals(expected)) {
            return ok("nat " + chain + ": jumps to " + eps.size() + " endpoint chain" + (eps.size() == 1 ? "" : "s"));
        }
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new LinkedHashSet<>(actual);
        extra.removeAll(expected);
        return fail("nat " + chain + ": jumps to " + actual.size() + " endpoint chains, "
                + (actual.size() == expected.size() ? "not the expected ones" : "expected " + expected.size())
                + (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing))
                + (extra.isEmpty() ? "" : "; unexpected " + String.join(", ", extra)));
    }

    private static Detail endpointChain(Ruleset rs, String spn, String proto, HostPort ep) {
        String chain = KubeProxyNames.endpointChain(spn, proto, ep);
        if (rs.chain("nat", chain).isEmpty()) {
            return fail("nat " + chain + ": missing (endpoint " + ep + ")");
        }
        List<Rule> rules = IptablesRules.rules(rs, "nat", chain);
        boolean dnat = rules.stream().anyMatch(r -> IptablesRules.dnat(r).map(ep::equals).orElse(false));
        boolean masq = rules.stream().anyMatch(r -> IptablesRules.masqueradesSource(r, ep.ip()));
        if (!dnat) {
            return fail("nat " + chain + ": no DNAT to " + ep);
        }
        return masq ? ok("nat " + chain + ": DNAT to " + ep + ", hairpin masquerade for " + ep.ip())
                : fail("nat " + chain + ": DNAT to " + ep + " but no hairpin masquerade rule (-s " + ep.ip() + " -j KUBE-MARK-MASQ)");
    }
}
