package dev.kpsim.mode.ipvs.sched;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code dh} ({@code net/netfilter/ipvs/ip_vs_dh.c}): a 256-bucket table filled by cycling through the list from the
 * head, one bucket per destination whatever its weight; the bucket is {@code hash_32(ntohl(addr_fold(daddr)), 8)}.
 * An unavailable destination there means no destination. For a Service VIP the destination address is always the
 * VIP, so every client of a virtual service lands on the same real server.
 */
public final class DestinationHashing implements Scheduler {
    public static final int TABLE_SIZE = 256;
    private final Destination[] buckets = new Destination[TABLE_SIZE];

    @Override
    public String name() {
        return "dh";
    }

    @Override
    public void init(List<Destination> dests) {
        reassign(dests);
    }

    @Override
    public void added(List<Destination> dests, Destination d) {
        reassign(dests);
    }

    @Override
    public void deleted(List<Destination> dests, Destination d, int formerIndex) {
        reassign(dests);
    }

    @Override
    public void updated(List<Destination> dests, Destination d) {
        reassign(dests);
    }

    private void reassign(List<Destination> dests) {
        if (dests.isEmpty()) {
            Arrays.fill(buckets, null);
            return;
        }
        for (int i = 0; i < TABLE_SIZE; i++) {
            buckets[i] = dests.get(i % dests.size());
        }
    }

    @Override
    public Optional<Destination> schedule(List<Destination> dests, ScheduleRequest r) {
        Destination d = buckets[KernelHash.hash32(KernelHash.addrFold(r.destination()), 8)];
        return d == null || d.weight <= 0 || d.overloaded ? Optional.empty() : Optional.of(d);
    }
}
