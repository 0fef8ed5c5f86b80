package dev.kpsim.mode.userspace.simulate;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.Step;
import dev.kpsim.mode.userspace.proxier.ConnectionOutcome;
import dev.kpsim.mode.userspace.proxier.ConnectionRequest;
import dev.kpsim.mode.userspace.proxier.ConnectionResult;
import dev.kpsim.mode.userspace.proxier.DialAttempt;
import dev.kpsim.mode.userspace.proxier.Leg;
import dev.kpsim.mode.userspace.proxier.ServiceInfo;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import dev.kpsim.mode.userspace.render.ProxierRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The userspace proxier (historical mode, removed in kube-proxy 1.26) inside one packet simulation run: it holds the
 * proxier state that advances with each connection, stored as a part of the caller's {@link SimulationState} (one per
 * node), and turns a packet that netfilter delivered to a proxy port (after a portal's REDIRECT or DNAT) into the
 * proxier's choice and the second leg: a new connection from the node to the endpoint, which then starts at OUTPUT.
 * The proxier dials without binding a source address, so the kernel gives the second leg the preferred source of the
 * route to the endpoint (the bridge's address toward a pod on this node, the node's address toward another node),
 * which the caller supplies. The choice is deterministic given the state (round robin, affinity), so a run has a
 * single outcome with probability 1. Mutable; confined to the run's thread like the state that holds it.
 */
public final class ProxierSession {
    private UserspaceProxier proxier;

    private ProxierSession(UserspaceProxier initial) {
        this.proxier = initial;
    }

    /** The session of node {@code nodeName} in {@code state}, created from {@code initial} on first use. */
    public static ProxierSession in(SimulationState state, String nodeName, UserspaceProxier initial) {
        return state.part(PerNode.class, PerNode::new).byNode.computeIfAbsent(nodeName == null ? "" : nodeName,
                n -> new ProxierSession(initial));
    }

    /** The container stored in the simulation state. */
    private static final class PerNode {
        private final java.util.Map<String, ProxierSession> byNode = new java.util.HashMap<>();
    }

    /** The proxier's current state. */
    public UserspaceProxier current() {
        return proxier;
    }

    /**
     * What the proxier did with a locally delivered packet.
     *
     * @param result    the proxier's handling (outcome, attempts, legs, log)
     * @param steps     trace steps: the proxier's pick and, if an endpoint was connected, the new connection
     * @param secondLeg the first packet of the proxier's own connection to the endpoint (enters the node at OUTPUT)
     */
    public record Handoff(ConnectionResult result, List<Step> steps, Optional<Packet> secondLeg) {
        public Handoff {
            steps = List.copyOf(steps);
        }
    }

    /**
     * Hands {@code delivered} to the proxy socket listening on its destination port, at {@code nowMillis} on the run's
     * clock, and advances the proxier; the second leg's source address is the proxier's host IP. Empty if no proxy
     * socket listens on that port and protocol (the packet is for something else on the node).
     */
    public Optional<Handoff> accept(Packet delivered, long nowMillis) {
        return accept(delivered, nowMillis, true, null);
    }

    /**
     * Hands {@code delivered} to the proxy socket listening on its destination port and address, at {@code nowMillis}.
     *
     * @param commit   advance the proxier (a seeded trace); false only looks at what it would do
     * @param sourceFor the source address the kernel picks for a new connection to an endpoint address; null to use
     *                  the proxier's host IP
     */
    public Optional<Handoff> accept(Packet delivered, long nowMillis, boolean commit,
                                    Function<IpAddress, IpAddress> sourceFor) {
        Optional<ServiceInfo> info = proxier.serviceForProxyPort(delivered.destinationPort(), delivered.protocol());
        if (info.isEmpty() || !(proxier.listenIp().isUnspecified() || proxier.listenIp().equals(delivered.destination()))) {
            return Optional.empty();
        }
        ConnectionResult r = proxier.connect(ConnectionRequest.of(info.get().name(), delivered.sourceHostPort(),
                Duration.ofMillis(nowMillis)));
        if (commit) {
            proxier = r.next();
        }
        if (sourceFor != null && r.outbound().isPresent()) {
            Leg leg = r.outbound().get();
            IpAddress src = sourceFor.apply(leg.destination().ip());
            if (src != null) {
                r = new ConnectionResult(r.next(), r.request(), r.outcome(), r.attempts(), r.endpoint(), r.inbound(),
                        Optional.of(new Leg(new HostPort(src, leg.source().port()), leg.destination(), leg.protocol())),
                        r.log());
            }
        }
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.ModeStep("userspace", describe(info.get(), r)));
        Optional<Packet> second = r.outbound().map(ProxierSession::packetOf);
        second.ifPresent(p -> steps.add(new Step.TransformStep("userspace-proxy", delivered, p)));
        return Optional.of(new Handoff(r, steps, second));
    }

    private static Packet packetOf(Leg leg) {
        return Packet.of(leg.protocol(), leg.source(), leg.destination());
    }

    /** One line: which proxy socket accepted what, and what NextEndpoint chose (or why nothing). */
    static String describe(ServiceInfo info, ConnectionResult r) {
        StringBuilder sb = new StringBuilder("proxy socket ").append(info.protocol().lower()).append(" :")
                .append(info.proxyPort()).append(" of ").append(info.displayName()).append(" accepted ")
                .append(r.request().client()).append(" at ").append(ProxierRenderer.time(r.request().at()));
        switch (r.outcome()) {
            case REUSED_UDP_FLOW -> sb.append("; live UDP flow to ").append(r.endpoint().orElseThrow());
            case NO_SERVICE, NO_ENDPOINTS -> sb.append("; no endpoint (").append(r.outcome() == ConnectionOutcome.NO_SERVICE
                    ? "missing service entry" : "missing endpoints").append("): the connection is closed");
            case DIAL_FAILED -> sb.append("; all ").append(r.attempts().size())
                    .append(" dials timed out: the connection is closed");
            case PROXIED -> {
                for (DialAttempt a : r.attempts()) {
                    sb.append("; ").append(a.fromAffinity() ? "ClientIP affinity" : "round robin").append(" -> ")
                            .append(a.endpoint()).append(a.connected() ? "" : " (dial timed out after "
                                    + a.dialTimeout().toMillis() + "ms)");
                }
                sb.append("; new connection ").append(r.outbound().orElseThrow())
                        .append(" (the endpoint sees the node as the source)");
            }
        }
        return sb.toString();
    }
}
