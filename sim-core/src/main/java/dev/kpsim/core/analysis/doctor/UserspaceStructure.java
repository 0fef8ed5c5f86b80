package dev.kpsim.core.analysis.doctor;

import static dev.kpsim.core.analysis.doctor.ModeStructure.fail;
import static dev.kpsim.core.analysis.doctor.ModeStructure.ok;

import dev.kpsim.core.analysis.doctor.DoctorStep.Detail;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The historical userspace mode's structure for one service port ({@code pkg/proxy/userspace/proxier.go}, removed in
 * v1.26): per frontend two portal rules — KUBE-PORTALS-CONTAINER redirecting pod traffic to the proxy port and
 * KUBE-PORTALS-HOST DNATing the node's own traffic to it (NodePorts: KUBE-NODEPORT-CONTAINER / -HOST); an external
 * IP that is a node address gets a second container rule (one per {@code physdev} / {@code addrtype} case).
 */
final class UserspaceStructure implements ModeStructure {

    @Override
    public List<Detail> check(NodeSubject subject, NodeProxyView view, ServicePortEntry e) {
        List<Detail> out = new ArrayList<>();
        Optional<Ruleset> rs = subject.rules().ruleset(view.family());
        if (rs.isEmpty()) {
            out.add(fail("the node has no portal rules"));
            return out;
        }
        for (Frontend f : subject.frontends(view, e)) {
            boolean node = f.kind() == Frontend.Kind.NODE_PORT;
            String container = node ? "KUBE-NODEPORT-CONTAINER" : "KUBE-PORTALS-CONTAINER";
            String host = node ? "KUBE-NODEPORT-HOST" : "KUBE-PORTALS-HOST";
            long redirect = count(rs.get(), container, f, true);
            long dnat = count(rs.get(), host, f, false);
            String what = f.kind().words() + " " + f.addressLabel();
            if (redirect >= 1 && dnat >= 1) {
                out.add(ok("nat " + container + " REDIRECT" + (redirect > 1 ? " (" + redirect + " rules)" : "") + " and "
                        + host + " DNAT for " + what));
            } else {
                out.add(fail("nat " + container + ": " + redirect + " REDIRECT rules, " + host + ": " + dnat
                        + " DNAT rules for " + what + " (expected at least 1 each)"));
            }
        }
        return out;
    }

    private static long count(Ruleset rs, String chain, Frontend f, boolean redirect) {
        boolean node = f.kind() == Frontend.Kind.NODE_PORT;
        return IptablesRules.rules(rs, "nat", chain).stream()
                .filter(r -> IptablesRules.matchesDestination(r, node ? null : f.address().ip(), f.address().port(), f.protocol()))
                .filter((Rule r) -> redirect ? r.target() instanceof RedirectTarget : r.target() instanceof DnatTarget)
                .count();
    }
}
