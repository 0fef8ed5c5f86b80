package dev.kpsim.mode.ipvs.sched;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.ipvs.model.ServiceFlags;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code mh}, Maglev hashing ({@code net/netfilter/ipvs/ip_vs_mh.c}). The lookup table has a prime number of slots,
 * {@code primes[CONFIG_IP_VS_MH_TAB_INDEX - 8]} — 4093 with the default index 12. For each destination (list order)
 * {@code offset = hsiphash(port + addr, hash1) % M} and {@code skip = hsiphash(…, hash2) % (M - 1) + 1} with the fixed
 * keys {@code hash1 = {2654435761, 2654435761}}, {@code hash2 = {2654446892, 2654446892}}; destinations then take
 * turns ({@code (last_weight / gcd) >> rshift}, at least 1 when {@code last_weight} is not 0) claiming their next free
 * slot of the permutation {@code offset, offset+skip, …} until the table is full. A packet's slot is
 * {@code hsiphash(sport + saddr, hash1) % M} with the source port only under {@code mh-port}, which kube-proxy always
 * sets; an unavailable destination there means no destination unless {@code mh-fallback}.
 *
 * <p>Because the table follows {@code last_weight}, a quiesced (weight-0) destination keeps its slots and its
 * clients get no destination. The table is rebuilt on every add, delete and update. O(M) per rebuild.
 */
public final class MaglevHashing implements Scheduler {
    /** The kernel's table sizes, indexed by {@code CONFIG_IP_VS_MH_TAB_INDEX - 8}. */
    public static final int[] PRIMES = {251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071};
    /** The default {@code CONFIG_IP_VS_MH_TAB_INDEX}. */
    public static final int DEFAULT_TAB_INDEX = 12;
    static final long HASH1 = 2654435761L;
    static final long HASH2 = 2654446892L;

    private final int flags;
    private final int size;
    private final int tabBits;
    private final Destination[] lookup;
    private int gcd;
    private int rshift;

    /** An mh scheduler with the kernel's default table size 4093. */
    public MaglevHashing(int flags) {
        this(flags, DEFAULT_TAB_INDEX);
    }

    /**
     * @param tabIndex {@code CONFIG_IP_VS_MH_TAB_INDEX}, 8 to 17
     */
    public MaglevHashing(int flags, int tabIndex) {
        if (tabIndex < 8 || tabIndex > 17) {
            throw new IllegalArgumentException("CONFIG_IP_VS_MH_TAB_INDEX must be within 8-17, was " + tabIndex);
        }
        this.flags = flags;
        this.size = PRIMES[tabIndex - 8];
        this.tabBits = tabIndex / 2;
        this.lookup = new Destination[size];
    }

    @Override
    public String name() {
        return "mh";
    }

    /** The table size M. */
    public int tableSize() {
        return size;
    }

    /** The lookup table (a copy), index = slot. */
    public List<Destination> table() {
        return Arrays.asList(lookup.clone());
    }

    /** {@code ip_vs_mh_hashkey}: {@code hsiphash(offset + port + ntohl(addr_fold), key)}. */
    public static int hashKey(IpAddress addr, int port, long key, int offset) {
        int v = offset + port + KernelHash.addrFold(addr);
        return KernelHash.hsiphash(v, key, key);
    }

    @Override
    public void init(List<Destination> dests) {
        changed(dests);
    }

    @Override
    public void added(List<Destination> dests, Destination d) {
        changed(dests);
    }

    @Override
    public void deleted(List<Destination> dests, Destination d, int formerIndex) {
        changed(dests);
    }

    @Override
    public void updated(List<Destination> dests, Destination d) {
        changed(dests);
    }

    private void changed(List<Destination> dests) {
        gcd = 0;
        for (Destination d : dests) {
            if (d.lastWeight > 0) {
                gcd = gcd > 0 ? KernelHash.gcd(d.lastWeight, gcd) : d.lastWeight;
            }
        }
        rshift = 0;
        if (gcd >= 1) {
            int w = 0;
            for (Destination d : dests) {
                w = Math.max(w, d.lastWeight);
            }
            int shift = KernelHash.fls(w / gcd) - tabBits;
            rshift = Math.max(shift, 0);
        }
        reassign(dests);
    }

    private void reassign(List<Destination> dests) {
        if (dests.size() > size) {
            return;
        }
        if (gcd < 1) {
            Arrays.fill(lookup, null);
            return;
        }
        int n = dests.size();
        int[] perm = new int[n];
        int[] skip = new int[n];
        int[] turns = new int[n];
        for (int i = 0; i < n; i++) {
            Destination d = dests.get(i);
            int offset = Integer.remainderUnsigned(hashKey(d.address(), d.port(), HASH1, 0), size);
            skip[i] = Integer.remainderUnsigned(hashKey(d.address(), d.port(), HASH2, 0), size - 1) + 1;
            perm[i] = offset;
            int lw = d.lastWeight;
            int t = (lw / gcd) >> rshift;
            turns[i] = t != 0 ? t : (lw != 0 ? 1 : 0);
        }
        BitSet taken = new BitSet(size);
        int filled = 0;
        int dtCount = 0;
        int p = n;
        while (filled < size) {
            if (p == n) {
                p = 0;
            }
            while (p != n) {
                if (turns[p] < 1) {
                    p++;
                    continue;
                }
                int c = perm[p];
                while (taken.get(c)) {
                    perm[p] += skip[p];
                    if (perm[p] >= size) {
                        perm[p] -= size;
                    }
                    c = perm[p];
                }
                taken.set(c);
                lookup[c] = dests.get(p);
                if (++filled == size) {
                    return;
                }
                if (++dtCount >= turns[p]) {
                    dtCount = 0;
                    p++;
                }
            }
        }
    }

    private static boolean unavailable(Destination d) {
        return d.weight <= 0 || d.overloaded;
    }

    @Override
    public Optional<Destination> schedule(List<Destination> dests, ScheduleRequest r) {
        int port = (flags & ServiceFlags.SCHED2) != 0 ? r.sourcePort() : 0;
        int ihash = Integer.remainderUnsigned(hashKey(r.source(), port, HASH1, 0), size);
        Destination d = lookup[ihash];
        if ((flags & ServiceFlags.SCHED1) == 0) {
            return d == null || unavailable(d) ? Optional.empty() : Optional.of(d);
        }
        if (d == null) {
            return Optional.empty();
        }
        if (!unavailable(d)) {
            return Optional.of(d);
        }
        for (int offset = 0; offset < size; offset++) {
            int roffset = (offset + ihash) % size;
            int h = Integer.remainderUnsigned(hashKey(r.source(), port, HASH1, roffset), size);
            Destination c = lookup[h];
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
