package dev.kpsim.cli.conformance;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.trace.Verdict;
import java.util.Map;

/**
 * What kube-proxy intends for a new connection from a client to a frontend, written independently of any rule
 * generator: the verdict, and for ACCEPT the endpoints with their shares and whether each is masqueraded.
 */
record IntendedOutcome(Verdict verdict, Map<HostPort, Boolean> masqueradeByEndpoint, String reason) {

    static IntendedOutcome drop(String reason) {
        return new IntendedOutcome(Verdict.DROP, Map.of(), reason);
    }

    static IntendedOutcome reject(String reason) {
        return new IntendedOutcome(Verdict.REJECT, Map.of(), reason);
    }
}
