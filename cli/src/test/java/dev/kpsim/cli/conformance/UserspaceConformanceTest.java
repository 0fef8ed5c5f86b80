package dev.kpsim.cli.conformance;

import dev.kpsim.cli.conformance.KubeProxyIntent.ClientKind;
import dev.kpsim.cli.conformance.KubeProxyIntent.FrontendKind;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
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
 * The historical userspace mode (kube-proxy 1.25) against kube-proxy's intent. Its round robin is deterministic, so
 * the spread is that of a sequence of connections (one every 4 hours, past the affinity ttl).
 */
class UserspaceConformanceTest extends ModeConformanceTest {
    @Override
    String mode() {
        return "userspace";
    }

    @Override
    List<String> versions() {
        return List.of("1.25");
    }

    @Override
    List<Outcome> spread(Simulator sim, Packet p, EntryPoint entry) {
        return sequence(sim, p, entry, 4 * 3_600_000L);
    }

    /**
     * Intended differences of the userspace proxier ({@code pkg/proxy/userspace}, kube-proxy ≤ 1.25): it knows no
     * traffic policies and no {@code loadBalancerSourceRanges}, so every frontend spreads over the ready endpoints
     * (an Endpoints object's {@code addresses}); the proxier connects to the endpoint itself, so the endpoint always
     * sees the node's address (counted as masquerade); with no ready endpoint it closes the accepted connection
     * (REJECT). An external IP that is not the node's own is captured for the node's processes and other hosts only:
     * the container portal carries {@code -m physdev ! --physdev-is-in}, so a pod's packet to it, bridged, passes
     * untouched toward the external IP.
     */
    @Override
    IntendedOutcome intended(ServicePortEntry e, FrontendKind kind, HostPort frontend, ClientKind client, IpAddress source,
                             ProxyConfig cfg, LocalTrafficDetector detector, NodeEnvironment env) {
        List<EndpointInfo> ready = e.endpoints().stream().filter(EndpointInfo::ready).toList();
        if (kind == FrontendKind.EXTERNAL_IP && client == ClientKind.LOCAL_POD && !env.isLocalAddress(frontend.ip())) {
            return new IntendedOutcome(Verdict.ACCEPT, Map.of(frontend, false), "");
        }
        if (ready.isEmpty()) {
            return IntendedOutcome.reject("no ready endpoints: the proxier closes the connection");
        }
        Map<HostPort, Boolean> m = new LinkedHashMap<>();
        ready.forEach(ep -> m.put(ep.address(), true));
        return new IntendedOutcome(Verdict.ACCEPT, m, "");
    }
}
