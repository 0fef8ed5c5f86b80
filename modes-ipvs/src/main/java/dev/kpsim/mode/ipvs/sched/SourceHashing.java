package dev.kpsim.mode.ipvs.sched;

import dev.kpsim.mode.ipvs.model.ServiceFlags;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code sh} ({@code net/netfilter/ipvs/ip_vs_sh.c}, current kernels): a 256-bucket table
 * ({@code IP_VS_SH_TAB_BITS = 8}) rebuilt on every add, delete and update by cycling through the list from the head,
 * giving each destination {@code weight} consecutive buckets (a weight-0 destination still gets one). The bucket of
 * a packet is {@code (offset + hash_32(sport + ntohl(addr_fold(saddr)), 8)) & 255} with the source port only under
 * {@code sh-port} ({@link ServiceFlags#SCHED2}). An unavailable destination (weight ≤ 0 or overloaded) in that bucket
 * means no destination, unless {@code sh-fallback} ({@link ServiceFlags#SCHED1}) probes the following offsets.
 */
public final class SourceHashing implements Scheduler {
    /** {@code IP_VS_SH_TAB_SIZE}. */
    public static final int TABLE_SIZE = 256;
    private static final int BITS = 8;

    private final int flags;
    private final Destination[] buckets = new Destination[TABLE_SIZE];

    public SourceHashing(int flags) {
        this.flags = flags;
    }

    @Override
    public String name() {
        return "sh";
    }

    /** The current bucket table (a copy), index = bucket. */
    public List<Destination> table() {
        return Arrays.asList(buckets.clone());
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
        int p = 0;
        int count = 0;
        for (int i = 0; i < TABLE_SIZE; i++) {
            if (p == dests.size()) {
                p = 0;
            }
            Destination d = dests.get(p);
            buckets[i] = d;
            if (++count >= d.weight) {
                p++;
                count = 0;
            }
        }
    }

    /** {@code ip_vs_sh_hashkey}. */
    public static int hashKey(dev.kpsim.core.net.IpAddress addr, int port, int offset) {
        return (offset + KernelHash.hash32(port + KernelHash.addrFold(addr), BITS)) & (TABLE_SIZE - 1);
    }

    private static boolean unavailable(Destination d) {
        return d.weight <= 0 || d.overloaded;
    }

    @Override
    public Optional<Destination> schedule(List<Destination> dests, ScheduleRequest r) {
        int port = (flags & ServiceFlags.SCHED2) != 0 ? r.sourcePort() : 0;
        int ihash = hashKey(r.source(), port, 0);
        Destination d = buckets[ihash];
        if ((flags & ServiceFlags.SCHED1) == 0) {
            return d == null || unavailable(d) ? Optional.empty() : Optional.of(d);
        }
        if (d == null) {
            return Optional.empty();
        }
        if (!unavailable(d)) {
            return Optional.of(d);
        }
        for (int offset = 0; offset < TABLE_SIZE; offset++) {
            int roffset = (offset + ihash) % TABLE_SIZE;
            Destination c = buckets[hashKey(r.source(), port, roffset)];
            if (c == null) {
                break;
            }
            if (!unavailable(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
