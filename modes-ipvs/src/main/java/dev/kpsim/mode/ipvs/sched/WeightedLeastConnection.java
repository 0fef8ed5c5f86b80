package dev.kpsim.mode.ipvs.sched;

import java.util.List;
import java.util.Optional;

/**
 * {@code wlc} and {@code sed} ({@code ip_vs_wlc.c}, {@code ip_vs_sed.c}): the first destination with weight above 0
 * that is not overloaded is the candidate; every later destination that is not overloaded replaces it when
 * {@code (s64)loh * weight(d) > (s64)doh * weight(least)} — strictly, so ties keep the earlier one, and a weight-0
 * destination can never win. The overhead is {@code (active << 8) + inactive} for wlc and {@code active + 1} for sed
 * ({@code ip_vs_sed_dest_overhead}). O(destinations).
 */
public final class WeightedLeastConnection implements Scheduler {
    private final boolean shortestExpectedDelay;

    private WeightedLeastConnection(boolean sed) {
        this.shortestExpectedDelay = sed;
    }

    public static WeightedLeastConnection wlc() {
        return new WeightedLeastConnection(false);
    }

    public static WeightedLeastConnection sed() {
        return new WeightedLeastConnection(true);
    }

    @Override
    public String name() {
        return shortestExpectedDelay ? "sed" : "wlc";
    }

    private long overhead(Destination d) {
        return shortestExpectedDelay ? (long) d.activeConns + 1 : d.overhead();
    }

    @Override
    public Optional<Destination> schedule(List<Destination> dests, ScheduleRequest request) {
        int i = 0;
        Destination least = null;
        for (; i < dests.size(); i++) {
            Destination d = dests.get(i);
            if (!d.overloaded && d.weight > 0) {
                least = d;
                break;
            }
        }
        if (least == null) {
            return Optional.empty();
        }
        long loh = overhead(least);
        for (i = i + 1; i < dests.size(); i++) {
            Destination d = dests.get(i);
            if (d.overloaded) {
                continue;
            }
            long doh = overhead(d);
            if (loh * d.weight > doh * least.weight) {
                least = d;
                loh = doh;
            }
        }
        return Optional.of(least);
    }
}
