package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.trace.Verdict;
import java.util.List;

/**
 * What kube-proxy means to happen to a new connection from a client to a frontend, from the objects alone (no
 * rules): which endpoints it may reach, or that it is dropped / rejected, and why. Mirrors the decisions of
 * {@code syncProxyRules} in {@code pkg/proxy/iptables/proxier.go} (and the same ones in the nftables proxier):
 * internal traffic uses the cluster or (internalTrafficPolicy Local) local endpoints; external traffic uses the local
 * endpoints under externalTrafficPolicy Local except traffic from the node itself or short-circuited pod traffic; a
 * service port without usable endpoints rejects; a Local policy without local endpoints drops; a load-balancer IP
 * with source ranges drops clients outside them.
 *
 * @param endpoints for {@link Verdict#ACCEPT}: the endpoints, in kube-proxy's order (empty: the packet passes
 *                  untranslated); empty otherwise
 */
public record Intent(Verdict verdict, List<HostPort> endpoints, String reason) {

    public Intent {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * The intent for {@code client} → {@code f} on {@code subject}'s node, in its mode. Mode differences kube-proxy
     * intends: IPVS mode gives an externalTrafficPolicy Local virtual service the node's local endpoints for every
     * client and, with none, every endpoint (PR #97081; an internalTrafficPolicy Local ClusterIP falls back the same
     * way); the userspace proxier knows no traffic policies nor source ranges, uses the ready endpoints, closes the
     * connection when there are none, and its container portal for an external IP that is not the node's lets bridged
     * pod traffic pass untranslated.
     */
    public static Intent of(NodeSubject subject, NodeProxyView view, Frontend f, Client client) {
        ProxyConfig config = subject.model().orElseThrow().config();
        String mode = subject.mode();
        ServicePortInfo i = f.entry().info();
        CategorizedEndpoints cat = f.entry().categorized();
        String node = view.nodeName();
        if (mode.equals("userspace")) {
            if (f.kind() == Frontend.Kind.EXTERNAL_IP && client.kind() == Client.Kind.POD
                    && !subject.environment().isLocalAddress(f.address().ip())) {
                return new Intent(Verdict.ACCEPT, List.of(), "the container portal of an external IP skips bridged pod traffic");
            }
            List<EndpointInfo> ready = f.entry().endpoints().stream().filter(EndpointInfo::ready).toList();
            if (ready.isEmpty()) {
                return new Intent(Verdict.REJECT, List.of(), i.name() + " has no ready endpoints: the proxier closes the connection");
            }
            return accept(ready, "every ready endpoint (the userspace proxier knows no traffic policies)");
        }
        if (!cat.hasAnyEndpoints()) {
            return new Intent(Verdict.REJECT, List.of(), i.name() + " has no endpoints");
        }
        boolean ipvs = mode.equals("ipvs");
        if (!f.external()) {
            if (i.internalPolicyLocal() && !(ipvs && cat.localEndpoints().isEmpty())) {
                return local(cat, i.name() + " has no local endpoints on " + node + " (internalTrafficPolicy Local)",
                        "internalTrafficPolicy Local: endpoints on " + node + " only");
            }
            return accept(cat.clusterEndpoints(), "every ready endpoint");
        }
        if (f.kind() == Frontend.Kind.LOAD_BALANCER && !i.loadBalancerSourceRanges().isEmpty()
                && i.loadBalancerSourceRanges().stream().map(Cidr::tryParse)
                .noneMatch(c -> c.isPresent() && c.get().contains(client.address()))) {
            return new Intent(Verdict.DROP, List.of(), client.address() + " is outside loadBalancerSourceRanges "
                    + i.loadBalancerSourceRanges());
        }
        if (i.externalPolicyLocal()) {
            if (ipvs) {
                return cat.localEndpoints().isEmpty()
                        ? accept(cat.clusterEndpoints(), "IPVS falls back to every endpoint when none is local")
                        : accept(cat.localEndpoints(), "externalTrafficPolicy Local: endpoints on " + node + " only");
            }
            if (client.kind() == Client.Kind.NODE) {
                return accept(cat.clusterEndpoints(), "traffic from the node itself is masqueraded and may use every endpoint");
            }
            if (client.kind() == Client.Kind.POD && detectsLocal(config, view, client)) {
                return accept(cat.clusterEndpoints(), "pod traffic is short-circuited to every endpoint");
            }
            return local(cat, i.name() + " has no local endpoints on " + node + " (externalTrafficPolicy Local)",
                    "externalTrafficPolicy Local: endpoints on " + node + " only");
        }
        return accept(cat.clusterEndpoints(), "every ready endpoint");
    }

    private static Intent local(CategorizedEndpoints cat, String none, String reason) {
        if (cat.localEndpoints().isEmpty()) {
            return new Intent(Verdict.DROP, List.of(), none);
        }
        return accept(cat.localEndpoints(), reason);
    }

    private static Intent accept(List<EndpointInfo> eps, String reason) {
        return new Intent(Verdict.ACCEPT, eps.stream().map(EndpointInfo::address).toList(), reason);
    }

    /** True if kube-proxy's local-traffic detector recognises the client pod as local. */
    static boolean detectsLocal(ProxyConfig config, NodeProxyView view, Client client) {
        Node node = view.node().orElse(null);
        LocalTrafficDetector d = LocalTrafficDetector.of(config, node, view.family());
        if (!d.implemented()) {
            return false;
        }
        return switch (d.kind()) {
            case ClusterCIDR, NodeCIDR -> Cidr.tryParse(d.value()).map(c -> c.contains(client.address())).orElse(false);
            case BridgeInterface, InterfaceNamePrefix -> true;
        };
    }
}
