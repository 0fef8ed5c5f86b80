package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.net.HostPort;
import java.util.List;
import java.util.Optional;

/**
 * What one {@link ConnectionRequest} did: the proxier state afterwards, the outcome, the dial attempts in order, the
 * endpoint finally used, the two legs of the flow and the log lines kube-proxy would have written (V3 and errors).
 *
 * @param inbound  the client's leg as the proxy socket accepted it: client → proxy listen address : proxy port
 * @param outbound the proxier's new connection, node → endpoint; empty unless an endpoint was connected
 */
public record ConnectionResult(
        UserspaceProxier next,
        ConnectionRequest request,
        ConnectionOutcome outcome,
        List<DialAttempt> attempts,
        Optional<HostPort> endpoint,
        Leg inbound,
        Optional<Leg> outbound,
        List<ProxierLogLine> log) {

    public ConnectionResult {
        attempts = List.copyOf(attempts);
        log = List.copyOf(log);
    }

    /** True if the flow reached an endpoint (new or reused). */
    public boolean delivered() {
        return endpoint.isPresent();
    }

    /** True if the endpoint came from a ClientIP affinity record (the last attempt's choice). */
    public boolean fromAffinity() {
        return !attempts.isEmpty() && attempts.get(attempts.size() - 1).fromAffinity();
    }
}
