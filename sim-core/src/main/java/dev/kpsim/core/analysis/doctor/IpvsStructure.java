package dev.kpsim.core.analysis.doctor;

import static dev.kpsim.core.analysis.doctor.ModeStructure.fail;
import static dev.kpsim.core.analysis.doctor.ModeStructure.ok;

import dev.kpsim.core.analysis.doctor.DoctorStep.Detail;
import dev.kpsim.core.analysis.doctor.IpvsListing.RealServer;
import dev.kpsim.core.analysis.doctor.IpvsListing.VirtualServer;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * IPVS mode's structure for one service port ({@code syncService} / {@code syncEndpoint} in
 * {@code pkg/proxy/ipvs/proxier.go}): one virtual server per frontend (ClusterIP, external IPs, load-balancer IPs,
 * the NodePort on each node address) whose real servers are the endpoints — the local ones for externally reached
 * frontends under externalTrafficPolicy Local, falling back to all when there are none (PR #97081).
 */
final class IpvsStructure implements ModeStructure {

    @Override
    public List<Detail> check(NodeSubject subject, NodeProxyView view, ServicePortEntry e) {
        List<Detail> out = new ArrayList<>();
        Optional<IpvsListing> table = subject.rules().ipvs();
        if (table.isEmpty()) {
            out.add(fail("the node has no IPVS table"));
            return out;
        }
        CategorizedEndpoints cat = e.categorized();
        for (Frontend f : subject.frontends(view, e)) {
            Optional<VirtualServer> vs = table.get().virtualServer(f.protocol(), f.address());
            String what = f.kind().words() + " " + f.addressLabel();
            if (vs.isEmpty()) {
                out.add(fail("no virtual server for " + what));
                continue;
            }
            boolean onlyLocal = f.external() ? e.info().externalPolicyLocal() : e.info().internalPolicyLocal();
            List<EndpointInfo> eps = onlyLocal && !cat.localEndpoints().isEmpty() ? cat.localEndpoints() : cat.clusterEndpoints();
            Set<HostPort> expected = new TreeSet<>();
            eps.forEach(ep -> expected.add(ep.address()));
            Set<HostPort> active = new TreeSet<>();
            for (RealServer r : vs.get().realServers()) {
                if (r.weight() > 0) {
                    active.add(r.address());
                }
            }
            if (active.equals(expected)) {
                out.add(ok("virtual server " + vs.get().label() + " (" + f.kind().words() + "): " + active.size()
                        + " real server" + (active.size() == 1 ? "" : "s") + " with weight > 0"));
            } else {
                out.add(fail("virtual server " + vs.get().label() + " (" + f.kind().words() + "): real servers "
                        + active + ", expected " + expected));
            }
        }
        return out;
    }
}
