package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.HostPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Traces kube-proxy chain names back to the service ports that produce them, by recomputing every name each
 * service port (and each of its endpoints) gets in every ServicePortName form and for every chain prefix — which
 * works on dumps whose comments were dropped. Built once per node; lookups are O(1).
 */
final class ChainOrigins {

    /** Where a chain name comes from; {@code endpoint} is null for service-level chains. */
    record Origin(ServicePortEntry entry, String prefix, KubeProxyNames.SpnForm form, HostPort endpoint) {
    }

    private final Map<String, Origin> byName = new HashMap<>();
    private final List<ServicePortEntry> entries;

    ChainOrigins(List<NodeProxyView> views) {
        this.entries = views.stream().flatMap(v -> v.servicePorts().stream()).toList();
        for (ServicePortEntry e : entries) {
            String proto = e.info().protocol().lower();
            for (KubeProxyNames.SpnForm f : KubeProxyNames.forms(e.info().name())) {
                for (String p : KubeProxyNames.SERVICE_PREFIXES) {
                    byName.putIfAbsent(KubeProxyNames.serviceChain(p, f.text(), proto), new Origin(e, p, f, null));
                }
                for (EndpointInfo ep : e.endpoints()) {
                    byName.putIfAbsent(KubeProxyNames.endpointChain(f.text(), proto, ep.address()),
                            new Origin(e, "KUBE-SEP-", f, ep.address()));
                }
            }
            for (String p : List.of("service-", "local-", "external-", "firewall-")) {
                byName.putIfAbsent(KubeProxyNames.nftChain(p, e.info().name()), new Origin(e, p, KubeProxyNames.forms(e.info().name()).get(0), null));
            }
            for (EndpointInfo ep : e.endpoints()) {
                byName.putIfAbsent(KubeProxyNames.nftEndpointChain(e.info().name(), ep.address()),
                        new Origin(e, "endpoint-", KubeProxyNames.forms(e.info().name()).get(0), ep.address()));
            }
        }
    }

    Optional<Origin> of(String chain) {
        return Optional.ofNullable(byName.get(chain));
    }

    /** An iptables KUBE-SEP chain of an endpoint no slice lists: found from the chain's own DNAT destination. */
    Optional<Origin> ofEndpointChain(String chain, HostPort dnatTarget) {
        for (ServicePortEntry e : entries) {
            String proto = e.info().protocol().lower();
            for (KubeProxyNames.SpnForm f : KubeProxyNames.forms(e.info().name())) {
                if (KubeProxyNames.endpointChain(f.text(), proto, dnatTarget).equals(chain)) {
                    return Optional.of(new Origin(e, "KUBE-SEP-", f, dnatTarget));
                }
            }
        }
        return Optional.empty();
    }

    /** An nft endpoint chain of an endpoint no slice lists: its name spells the service port it belongs to. */
    Optional<ServicePortEntry> ofNftServiceBase(String base) {
        return entries.stream().filter(e -> KubeProxyNames.nftServiceBase(e.info().name()).equals(base)).findFirst();
    }
}
