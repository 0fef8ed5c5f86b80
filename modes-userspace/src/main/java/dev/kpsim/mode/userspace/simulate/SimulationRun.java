package dev.kpsim.mode.userspace.simulate;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.mode.userspace.proxier.ConnectionResult;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of running a sequence of connections through a userspace proxier: each connection's result in order,
 * the proxier's final state, and per service port the endpoint shares.
 */
public record SimulationRun(List<ConnectionResult> results, UserspaceProxier end,
                            SortedMap<ServicePortName, EndpointShares> shares) {
    public SimulationRun {
        results = List.copyOf(results);
        shares = Collections.unmodifiableSortedMap(new TreeMap<>(shares));
    }
}
