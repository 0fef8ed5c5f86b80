package dev.kpsim.mode.ipvs.sched;

import java.util.List;
import java.util.Optional;

/**
 * {@code nq} ({@code net/netfilter/ipvs/ip_vs_nq.c}): over the list from the head, skipping overloaded and weight-0
 * destinations, the first one with no active connection wins at once; otherwise the sed rule
 * ({@code loh * weight(d) > doh * weight(least)} with overhead {@code active + 1}) picks, ties to the earlier one.
 * O(destinations).
 */
public final class NeverQueue implements Scheduler {
    @Override
    public String name() {
        return "nq";
    }

    @Override
    public Optional<Destination> schedule(List<Destination> dests, ScheduleRequest request) {
        Destination least = null;
        long loh = 0;
        for (Destination d : dests) {
            if (d.overloaded || d.weight == 0) {
                continue;
            }
            long doh = (long) d.activeConns + 1;
            if (d.activeConns == 0) {
                return Optional.of(d);
            }
            if (least == null || loh * d.weight > doh * least.weight) {
                least = d;
                loh = doh;
            }
        }
        return Optional.ofNullable(least);
    }
}
