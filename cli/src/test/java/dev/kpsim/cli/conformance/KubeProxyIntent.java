package dev.kpsim.cli.conformance;

import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The oracle: kube-proxy's documented intent (reference iptables.md §6 and §9, shared by the nftables proxier) for a
 * connection to one frontend of one service port, from one kind of client. It reads only the categorised endpoints
 * and the configuration — never generated rules.
 */
final class KubeProxyIntent {
    /** Who opens the connection. */
    enum ClientKind { LOCAL_POD, NODE, EXTERNAL }

    /** Which frontend of the service port. */
    enum FrontendKind { CLUSTER_IP, NODE_PORT, EXTERNAL_IP, LOAD_BALANCER }

    private KubeProxyIntent() {
    }

    static IntendedOutcome intended(ServicePortEntry e, FrontendKind frontend, ClientKind client, IpAddress source,
                                    ProxyConfig config, LocalTrafficDetector detector) {
        ServicePortInfo i = e.info();
        CategorizedEndpoints c = e.categorized();
        if (!c.hasAnyEndpoints()) {
            return IntendedOutcome.reject("no endpoints");
        }
        boolean fromLocalPod = client == ClientKind.LOCAL_POD && isLocalBySource(detector, source);
        if (frontend == FrontendKind.CLUSTER_IP) {
            List<EndpointInfo> eps = i.internalPolicyLocal() ? c.localEndpoints() : c.clusterEndpoints();
            if (eps.isEmpty()) {
                return IntendedOutcome.drop("internalTrafficPolicy Local without local endpoints");
            }
            boolean masq = config.masqueradeAll() || (detector.implemented() && !isLocalBySource(detector, source));
            return accept(eps, masq, source);
        }
        if (frontend == FrontendKind.LOAD_BALANCER && !i.loadBalancerSourceRanges().isEmpty() && !allowedBySourceRanges(i, source)) {
            return IntendedOutcome.drop("source outside loadBalancerSourceRanges");
        }
        if (!i.externalPolicyLocal()) {
            return accept(c.clusterEndpoints(), true, source);
        }
        if (fromLocalPod && detector.implemented()) {
            return accept(c.clusterEndpoints(), config.masqueradeAll(), source);
        }
        if (client == ClientKind.NODE) {
            return accept(c.clusterEndpoints(), true, source);
        }
        if (c.localEndpoints().isEmpty()) {
            return IntendedOutcome.drop("externalTrafficPolicy Local without local endpoints");
        }
        return accept(c.localEndpoints(), config.masqueradeAll(), source);
    }

    private static boolean isLocalBySource(LocalTrafficDetector d, IpAddress source) {
        return d.implemented() && switch (d.kind()) {
            case ClusterCIDR, NodeCIDR -> Cidr.parse(d.value()).contains(source);
            case BridgeInterface, InterfaceNamePrefix -> true;
        };
    }

    private static boolean allowedBySourceRanges(ServicePortInfo i, IpAddress source) {
        return i.loadBalancerSourceRanges().stream().map(Cidr::parse).anyMatch(r -> r.contains(source));
    }

    /** Uniform over {@code eps}; masqueraded if {@code masq}, and always when the endpoint is the client (hairpin). */
    private static IntendedOutcome accept(List<EndpointInfo> eps, boolean masq, IpAddress source) {
        Map<HostPort, Boolean> m = new LinkedHashMap<>();
        for (EndpointInfo ep : eps) {
            m.put(ep.address(), masq || ep.address().ip().equals(source));
        }
        return new IntendedOutcome(dev.kpsim.core.trace.Verdict.ACCEPT, m, "");
    }
}
