package dev.kpsim.mode.userspace.simulate;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.userspace.proxier.BalancerState;
import dev.kpsim.mode.userspace.proxier.ConnectionRequest;
import dev.kpsim.mode.userspace.proxier.ConnectionResult;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs connections through the userspace proxier (historical mode, removed in kube-proxy 1.26) one after another,
 * threading the state, and tallies where they went. Deterministic: the proxier's choices depend only on its state
 * (seeded at generation) and the requests. O(requests · log service ports).
 */
public final class ProxierSimulation {
    private ProxierSimulation() {
    }

    /**
     * Feeds {@code requests} (in time order) to {@code start}.
     *
     * @throws IllegalArgumentException if the requests are not in time order
     */
    public static SimulationRun run(UserspaceProxier start, List<ConnectionRequest> requests) {
        UserspaceProxier p = start;
        List<ConnectionResult> results = new ArrayList<>(requests.size());
        Map<ServicePortName, Tally> tallies = new TreeMap<>();
        for (ConnectionRequest r : requests) {
            ConnectionResult res = p.connect(r);
            results.add(res);
            p = res.next();
            tallies.computeIfAbsent(r.service(), s -> new Tally(start.loadBalancer().state(s))).add(res);
        }
        SortedMap<ServicePortName, EndpointShares> shares = new TreeMap<>();
        tallies.forEach((spn, t) -> shares.put(spn, t.shares(spn)));
        return new SimulationRun(results, p, shares);
    }

    private static final class Tally {
        final SortedMap<HostPort, Integer> counts = new TreeMap<>();
        final Map<IpAddress, HostPort> previous = new HashMap<>();
        int delivered;
        int failed;
        int repeats;
        int same;

        Tally(BalancerState initial) {
            if (initial != null) {
                initial.endpoints().forEach(e -> counts.put(e, 0));
            }
        }

        void add(ConnectionResult res) {
            if (res.endpoint().isEmpty()) {
                failed++;
                return;
            }
            HostPort ep = res.endpoint().get();
            delivered++;
            counts.merge(ep, 1, Integer::sum);
            HostPort before = previous.put(res.request().client().ip(), ep);
            if (before != null) {
                repeats++;
                if (before.equals(ep)) {
                    same++;
                }
            }
        }

        EndpointShares shares(ServicePortName spn) {
            return new EndpointShares(spn, counts, delivered, failed, repeats, same);
        }
    }
}
