package dev.kpsim.emulator.compare;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.emulator.userspace.PickLine;
import dev.kpsim.mode.userspace.proxier.ConnectionRequest;
import dev.kpsim.mode.userspace.proxier.ConnectionResult;
import dev.kpsim.mode.userspace.proxier.ServiceInfo;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated userspace proxier (historical mode) fed the real proxy's clients: each {@link PickLine} the real
 * proxy logged, in its order and at its time, becomes a connection request to kpsim's {@link UserspaceProxier}, which
 * threads its state from one request to the next across all of a run's cells — exactly as the real proxy's state
 * advances. Its choice is the prediction for that connection, with probability 1. Mutable; one per run.
 */
final class UserspaceReplay {

    private UserspaceProxier proxier;
    private final Duration start;

    UserspaceReplay(UserspaceProxier initial) {
        this.proxier = initial;
        this.start = initial.clock();
    }

    /** What the simulated proxier did with each real pick, keyed by the client's source port. */
    Map<Integer, ConnectionResult> replay(List<PickLine> picks, List<String> notes) {
        Map<Integer, ConnectionResult> byPort = new HashMap<>();
        for (PickLine pick : picks) {
            Optional<ServiceInfo> info = proxier.services().values().stream()
                    .filter(s -> s.name().toString().equals(pick.service())).findFirst();
            if (info.isEmpty()) {
                notes.add("the real proxy served " + pick.service() + ", which the simulated proxier does not know");
                continue;
            }
            ServicePortName spn = info.get().name();
            Duration at = start.plusMillis(pick.atMillis());
            if (at.compareTo(proxier.clock()) < 0) {
                at = proxier.clock();
            }
            ConnectionResult r = proxier.connect(ConnectionRequest.of(spn, pick.client(), at));
            proxier = r.next();
            byPort.put(pick.client().port(), r);
        }
        return byPort;
    }

    /**
     * The whole simulated path of one connection: the client's packet through the portal rules ({@code portal}, the
     * outcome that delivers it to the proxy port), the proxier's pick, and the proxier's own connection to the
     * endpoint through the node's rules from OUTPUT ({@code secondLeg}'s hops). The pod sees a node address.
     */
    static Outcome outcome(Outcome portal, ConnectionResult r, List<Step> secondLeg) {
        List<Step> hops = new ArrayList<>(portal.hops());
        hops.add(new Step.ModeStep("userspace", "the proxier picks " + r.endpoint().map(HostPort::toString).orElse("no endpoint")
                + " for " + r.request().client() + " (" + r.outcome() + ")"));
        if (r.endpoint().isEmpty()) {
            return new Outcome(1.0, Verdict.REJECT, null, false, null, portal.uncertain(), hops);
        }
        hops.addAll(secondLeg);
        return new Outcome(1.0, Verdict.ACCEPT, r.endpoint().get(), true, null, portal.uncertain(), hops);
    }
}
