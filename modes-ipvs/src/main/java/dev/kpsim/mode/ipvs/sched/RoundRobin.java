package dev.kpsim.mode.ipvs.sched;

import java.util.List;
import java.util.Optional;

/**
 * {@code rr} ({@code net/netfilter/ipvs/ip_vs_rr.c}). The state is a cursor on the list, initially the head. A
 * schedule walks on from the cursor's successor, wrapping once, and takes the first destination with weight above 0
 * that is not overloaded; the cursor moves to it. Because the cursor starts at the head, the first pick is the first
 * list element, i.e. the destination added last. Deleting the cursor's destination moves the cursor to its
 * predecessor ({@code p->next->prev}). O(destinations) per schedule.
 */
public final class RoundRobin implements Scheduler {
    /** The cursor: a destination, or null for the list head. */
    private Destination cursor;

    @Override
    public String name() {
        return "rr";
    }

    /** The cursor, boxed so that "at the head" (null) can be saved too. */
    private record Cursor(Destination at) {
    }

    @Override
    public Object checkpoint() {
        return new Cursor(cursor);
    }

    @Override
    public void rollback(Object checkpoint) {
        cursor = ((Cursor) checkpoint).at();
    }

    @Override
    public void deleted(List<Destination> dests, Destination d, int formerIndex) {
        if (cursor == d) {
            cursor = formerIndex == 0 ? null : dests.get(formerIndex - 1);
        }
    }

    @Override
    public Optional<Destination> schedule(List<Destination> dests, ScheduleRequest request) {
        int n = dests.size();
        int start = cursor == null ? -1 : dests.indexOf(cursor);
        int steps = cursor == null ? n : n;
        for (int k = 1; k <= steps; k++) {
            int i = start + k;
            if (cursor != null) {
                i = Math.floorMod(i, n);
            }
            if (i >= n) {
                break;
            }
            Destination d = dests.get(i);
            if (d.available()) {
                cursor = d;
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
