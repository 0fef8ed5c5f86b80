package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.analysis.doctor.IpvsListing.RealServer;
import dev.kpsim.core.analysis.doctor.IpvsListing.VirtualServer;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings about an IPVS table against the Services: virtual servers that are no frontend, real servers that are no
 * endpoint ({@code stale-real-server}) and real servers at weight 0 ({@code weight-zero-real-server}, graceful
 * termination in {@code pkg/proxy/ipvs/graceful_termination.go}).
 */
public final class IpvsFindings {
    private IpvsFindings() {
    }

    /** Findings of {@code subject}'s IPVS table against its model. */
    public static List<Finding> find(NodeSubject subject) {
        List<Finding> out = new ArrayList<>();
        if (subject.rules().ipvs().isEmpty()) {
            return out;
        }
        Map<String, Frontend> frontends = new HashMap<>();
        for (NodeProxyView v : subject.views()) {
            for (Frontend f : subject.frontends(v)) {
                frontends.putIfAbsent(f.protocol() + " " + f.address(), f);
            }
        }
        for (VirtualServer vs : subject.rules().ipvs().get().virtualServers()) {
            Frontend f = frontends.get(vs.protocol() + " " + vs.address());
            String vsLine = "-A " + flag(vs) + " " + vs.address() + " -s " + vs.scheduler();
            if (f == null) {
                out.add(new Finding(FindingKind.UNTRACEABLE_CHAIN, vs.label(), "", "virtual server " + vs.label()
                        + " is no frontend of any Service of the input", List.of(vsLine)));
                continue;
            }
            String spn = f.entry().info().name().toString();
            for (RealServer r : vs.realServers()) {
                String line = "-a " + flag(vs) + " " + vs.address() + " -r " + r.address() + " -m -w " + r.weight();
                boolean endpoint = f.entry().endpoints().stream().map(EndpointInfo::address).anyMatch(r.address()::equals);
                if (!endpoint) {
                    out.add(new Finding(FindingKind.STALE_REAL_SERVER, vs.label(), f.entry().info().name().serviceKey(), "real server " + r.address() + " of "
                            + vs.label() + " (" + spn + ") is no endpoint of it", List.of(vsLine, line)));
                } else if (r.weight() == 0) {
                    out.add(new Finding(FindingKind.WEIGHT_ZERO_REAL_SERVER, vs.label(), f.entry().info().name().serviceKey(), "real server " + r.address() + " of "
                            + vs.label() + " (" + spn + ") is draining at weight 0", List.of(vsLine, line)));
                }
            }
        }
        return out;
    }

    private static String flag(VirtualServer vs) {
        return switch (vs.protocol()) {
            case TCP -> "-t";
            case UDP -> "-u";
            default -> "--sctp-service";
        };
    }
}
