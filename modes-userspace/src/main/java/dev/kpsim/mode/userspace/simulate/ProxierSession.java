package dev.kpsim.mode.userspace.simulate;

import dev.kpsim.core.engine.SimulationState;
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

/**
 * The userspace proxier (historical mode, removed in kube-proxy 1.26) inside one packet simulation run: it holds the
 * proxier state that advances with each connection, stored as a part of the caller's {@link SimulationState}, and
 * turns a packet that netfilter delivered to a proxy port (after a portal's REDIRECT or DNAT) into the proxier's
 * choice and the second leg: a new connection from the node to the endpoint, which then starts at OUTPUT. The choice
 * is deterministic given the state (round robin, affinity), so a run has a single outcome with probability 1.
 * Mutable; confined to the run's thread like the state that holds it.
 */
public final class ProxierSession {
    private UserspaceProxier proxier;

    private ProxierSession(UserspaceProxier initial) {
        this.proxier = initial;
    }

    /** The session of {@code state}, created from {@code initial} on first use. */
    public static ProxierSession in(SimulationState state, UserspaceProxier initial) {
        return state.part(ProxierSession.class, () -> new ProxierSession(initial));
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
     * clock, and advances the proxier. Empty if no proxy socket listens on that port and protocol (the packet is for
     * something else on the node).
     */
    public Optional<Handoff> accept(Packet delivered, long nowMillis) {
        Optional<ServiceInfo> info = proxier.serviceForProxyPort(delivered.destinationPort(), delivered.protocol());
        if (info.isEmpty()) {
            return Optional.empty();
        }
        ConnectionResult r = proxier.connect(ConnectionRequest.of(info.get().name(), delivered.sourceHostPort(),
                Duration.ofMillis(nowMillis)));
        proxier = r.next();
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
