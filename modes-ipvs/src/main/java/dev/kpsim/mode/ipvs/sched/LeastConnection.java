package dev.kpsim.mode.ipvs.sched;

import java.util.List;
import java.util.Optional;

/**
 * {@code lc} ({@code net/netfilter/ipvs/ip_vs_lc.c}): over the list from the head, skipping overloaded and weight-0
 * destinations, the smallest {@link Destination#overhead()} with a strict {@code <}, so a tie goes to the destination
 * earlier in the list (added later). O(destinations).
 */
public final class LeastConnection implements Scheduler {
    @Override
    public String name() {
        return "lc";
    }

    @Override
    public Optional<Destination> schedule(List<Destination> dests, ScheduleRequest request) {
        Destination least = null;
        long loh = 0;
        for (Destination d : dests) {
            if (d.overloaded || d.weight == 0) {
                continue;
            }
            long doh = Integer.toUnsignedLong(d.overhead());
            if (least == null || doh < loh) {
                least = d;
                loh = doh;
            }
        }
        return Optional.ofNullable(least);
    }
}
