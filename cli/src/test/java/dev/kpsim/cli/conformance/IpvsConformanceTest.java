package dev.kpsim.cli.conformance;

import dev.kpsim.cli.conformance.KubeProxyIntent.ClientKind;
import dev.kpsim.cli.conformance.KubeProxyIntent.FrontendKind;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IPVS mode against kube-proxy's intent in the current flavour. IPVS's rr is deterministic, so the spread is that of
 * a sequence of connections (one every 4 hours, past every affinity timeout: the spread over many clients).
 */
class IpvsConformanceTest extends ModeConformanceTest {
    @Override
    String mode() {
        return "ipvs";
    }

    @Override
    List<String> versions() {
        return List.of("1.35");
    }

    @Override
    List<Outcome> spread(Simulator sim, Packet p, EntryPoint entry) {
        return sequence(sim, p, entry, 4 * 3_600_000L);
    }

    /**
     * Intended differences ({@code syncEndpoint} in {@code pkg/proxy/ipvs/proxier.go}): a virtual service of an
     * externalTrafficPolicy Local frontend holds the node's local endpoints for every client — pods on the node
     * included — and, when there are none, every endpoint ("Allow access from local PODs even if no local endpoints
     * exist", PR #97081) where iptables mode drops. Traffic to an externalTrafficPolicy Local frontend skips KUBE-MARK-MASQ
     * ({@code KUBE-NODE-PORT-LOCAL-*}, {@code KUBE-LOAD-BALANCER-LOCAL}, {@code KUBE-EXTERNAL-IP-LOCAL} return or
     * accept first), so only a hairpin (KUBE-LOOP-BACK) or masqueradeAll masquerades it.
     */
    @Override
    IntendedOutcome intended(ServicePortEntry e, FrontendKind kind, HostPort frontend, ClientKind client, IpAddress source,
                             ProxyConfig cfg, LocalTrafficDetector detector, NodeEnvironment env) {
        IntendedOutcome base = KubeProxyIntent.intended(e, kind, client, source, cfg, detector);
        ServicePortInfo i = e.info();
        CategorizedEndpoints c = e.categorized();
        boolean sourceRangeDrop = base.verdict() == Verdict.DROP && !base.reason().contains("without local endpoints");
        if (kind == FrontendKind.CLUSTER_IP || !i.externalPolicyLocal() || !c.hasAnyEndpoints() || sourceRangeDrop) {
            return base;
        }
        List<EndpointInfo> eps = c.localEndpoints().isEmpty() ? c.clusterEndpoints() : c.localEndpoints();
        Map<HostPort, Boolean> m = new LinkedHashMap<>();
        eps.forEach(ep -> m.put(ep.address(), cfg.masqueradeAll() || ep.address().ip().equals(source)));
        return new IntendedOutcome(Verdict.ACCEPT, m, "");
    }
}
