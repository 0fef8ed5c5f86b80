package dev.kpsim.core.conntrack;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node's connection-tracking table: entries keyed by both their original and their reply tuple, as the kernel's
 * conntrack hash holds both directions ({@code net/netfilter/nf_conntrack_core.c}). Expired entries are treated as
 * absent by every lookup, and removed by a collection pass whenever the table has doubled since the last one (the
 * kernel's {@code gc_worker} removes them in the background).
 *
 * <p>An open-addressing hash (linear probing, 64-bit hashes of the tuple fields, backward-shift deletion), so a
 * lookup by header fields ({@link #find(Protocol, IpAddress, int, IpAddress, int, long)}) allocates nothing.
 * Mutable and confined to the thread that owns the simulation state. Lookups are O(1), inserts amortized O(1).
 */
public final class ConntrackTable {
    private static final int MIN_COLLECT = 1024;
    private static final long C1 = 0x9E3779B97F4A7C15L;
    private static final long C2 = 0xC2B2AE3D27D4EB4FL;
    private static final long C3 = 0x165667B19E3779F9L;
    private static final long C4 = 0xD6E8FEB86659FD93L;
    private static final long C5 = 0xFF51AFD7ED558CCDL;

    /** Per slot: the tuple's hash (0 = empty) and the entry holding that tuple. */
    private long[] hashes = new long[64];
    private ConntrackEntry[] slots = new ConntrackEntry[64];
    private int used;
    /** Stored entries in insertion order; removed ones are compacted away by {@link #expire}. */
    private ConntrackEntry[] order = new ConntrackEntry[16];
    private int orderSize;
    private int stored;
    private int nextCollect = MIN_COLLECT;

    /** The live entry whose original or reply tuple equals {@code tuple}, or null. Does not change the table. */
    public ConntrackEntry find(ConntrackTuple tuple, long nowMillis) {
        return find(tuple.protocol(), tuple.source(), tuple.sourcePort(), tuple.destination(), tuple.destinationPort(),
                nowMillis);
    }

    /**
     * The live entry with a tuple of these fields (either direction), or null: {@link #find(ConntrackTuple, long)}
     * without building a tuple.
     */
    public ConntrackEntry find(Protocol protocol, IpAddress source, int sourcePort, IpAddress destination,
                               int destinationPort, long nowMillis) {
        long h = hash(protocol, source, sourcePort, destination, destinationPort);
        int mask = hashes.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            long s = hashes[i];
            if (s == 0) {
                return null;
            }
            if (s == h) {
                ConntrackEntry e = slots[i];
                if (same(e.original(), protocol, source, sourcePort, destination, destinationPort)
                        || same(e.reply(), protocol, source, sourcePort, destination, destinationPort)) {
                    return e.isExpired(nowMillis) ? null : e;
                }
            }
        }
    }

    /** True if a live entry already uses {@code tuple} in either direction (NAT picks another port then). */
    public boolean inUse(ConntrackTuple tuple, long nowMillis) {
        return find(tuple, nowMillis) != null;
    }

    /** {@link #inUse(ConntrackTuple, long)} by header fields. */
    public boolean inUse(Protocol protocol, IpAddress source, int sourcePort, IpAddress destination, int destinationPort,
                         long nowMillis) {
        return find(protocol, source, sourcePort, destination, destinationPort, nowMillis) != null;
    }

    /** Adds a confirmed connection; expired entries holding the same tuples are replaced. */
    public void insert(ConntrackEntry e, long nowMillis) {
        if (stored >= nextCollect) {
            expire(nowMillis);
            nextCollect = Math.max(MIN_COLLECT, stored * 2);
        }
        remove(holder(e.original()));
        remove(holder(e.reply()));
        if ((used + 2) * 2 > hashes.length) {
            resize(hashes.length * 2);
        }
        put(e.original(), e);
        put(e.reply(), e);
        if (orderSize == order.length) {
            compactOrder();
            if (orderSize * 2 > order.length) {
                order = Arrays.copyOf(order, order.length * 2);
            }
        }
        order[orderSize++] = e;
        e.stored = true;
        stored++;
    }

    /** Records a packet of an existing connection: refreshes its timeout, notes a reply, stores its mark. */
    public void refresh(ConntrackEntry e, boolean reply, int mark, long expiresMillis) {
        if (reply) {
            e.markSeenReply();
        }
        e.setMark(mark);
        e.setExpiresMillis(expiresMillis);
    }

    /**
     * Removes every expired entry: one by one when few expired, else by rebuilding the hash from the live entries
     * (a run that moved its clock past every timeout leaves most of the table expired at once).
     */
    public void expire(long nowMillis) {
        int expired = 0;
        for (int k = 0; k < orderSize; k++) {
            ConntrackEntry e = order[k];
            if (e.stored && e.isExpired(nowMillis)) {
                expired++;
            }
        }
        if (expired == 0) {
            return;
        }
        if (expired * 4 < stored) {
            for (int k = 0; k < orderSize; k++) {
                ConntrackEntry e = order[k];
                if (e.stored && e.isExpired(nowMillis)) {
                    remove(e);
                }
            }
            compactOrder();
            return;
        }
        for (int k = 0; k < orderSize; k++) {
            ConntrackEntry e = order[k];
            if (e.stored && e.isExpired(nowMillis)) {
                e.stored = false;
                stored--;
            }
        }
        compactOrder();
        Arrays.fill(hashes, 0);
        Arrays.fill(slots, null);
        used = 0;
        for (int k = 0; k < orderSize; k++) {
            put(order[k].original(), order[k]);
            put(order[k].reply(), order[k]);
        }
    }

    /** Live entries in insertion order (what {@code conntrack -L} would list). */
    public List<ConntrackEntry> entries(long nowMillis) {
        List<ConntrackEntry> out = new ArrayList<>();
        for (int k = 0; k < orderSize; k++) {
            ConntrackEntry e = order[k];
            if (e.stored && !e.isExpired(nowMillis)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Number of stored entries, expired ones included until collected. */
    public int size() {
        return stored;
    }

    /** The stored entry holding {@code t} in either direction, expired or not; null if none. */
    private ConntrackEntry holder(ConntrackTuple t) {
        long h = hash(t.protocol(), t.source(), t.sourcePort(), t.destination(), t.destinationPort());
        int mask = hashes.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            long s = hashes[i];
            if (s == 0) {
                return null;
            }
            if (s == h) {
                ConntrackEntry e = slots[i];
                if (e.original().equals(t) || e.reply().equals(t)) {
                    return e;
                }
            }
        }
    }

    private void remove(ConntrackEntry e) {
        if (e == null || !e.stored) {
            return;
        }
        deleteSlot(e.original(), e);
        if (!e.reply().equals(e.original())) {
            deleteSlot(e.reply(), e);
        }
        e.stored = false;
        stored--;
    }

    private void put(ConntrackTuple t, ConntrackEntry e) {
        long h = hash(t.protocol(), t.source(), t.sourcePort(), t.destination(), t.destinationPort());
        int mask = hashes.length - 1;
        int i = (int) h & mask;
        while (hashes[i] != 0) {
            if (hashes[i] == h && slots[i] == e) {
                return;
            }
            i = (i + 1) & mask;
        }
        hashes[i] = h;
        slots[i] = e;
        used++;
    }

    /** Deletes the slot of {@code t} that points at {@code e}, shifting later slots of the run back. */
    private void deleteSlot(ConntrackTuple t, ConntrackEntry e) {
        long h = hash(t.protocol(), t.source(), t.sourcePort(), t.destination(), t.destinationPort());
        int mask = hashes.length - 1;
        int i = (int) h & mask;
        while (hashes[i] != 0 && !(hashes[i] == h && slots[i] == e)) {
            i = (i + 1) & mask;
        }
        if (hashes[i] == 0) {
            return;
        }
        used--;
        int gap = i;
        for (int j = (gap + 1) & mask; hashes[j] != 0; j = (j + 1) & mask) {
            int home = (int) hashes[j] & mask;
            // the slot at j may move into the gap if its home is not in (gap, j] (cyclically)
            boolean between = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
            if (!between) {
                hashes[gap] = hashes[j];
                slots[gap] = slots[j];
                gap = j;
            }
        }
        hashes[gap] = 0;
        slots[gap] = null;
    }

    private void resize(int capacity) {
        long[] oldHashes = hashes;
        ConntrackEntry[] oldSlots = slots;
        hashes = new long[capacity];
        slots = new ConntrackEntry[capacity];
        int mask = capacity - 1;
        for (int k = 0; k < oldHashes.length; k++) {
            long h = oldHashes[k];
            if (h != 0) {
                int i = (int) h & mask;
                while (hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = h;
                slots[i] = oldSlots[k];
            }
        }
    }

    private void compactOrder() {
        int n = 0;
        for (int k = 0; k < orderSize; k++) {
            if (order[k].stored) {
                order[n++] = order[k];
            }
        }
        Arrays.fill(order, n, orderSize, null);
        orderSize = n;
    }

    private static boolean same(ConntrackTuple t, Protocol protocol, IpAddress source, int sourcePort,
                                IpAddress destination, int destinationPort) {
        return t.protocol() == protocol && t.sourcePort() == sourcePort && t.destinationPort() == destinationPort
                && t.source().equals(source) && t.destination().equals(destination);
    }

    /** A non-zero 64-bit hash of a tuple's fields. */
    private static long hash(Protocol protocol, IpAddress source, int sourcePort, IpAddress destination,
                             int destinationPort) {
        long ports = ((long) sourcePort << 16 | destinationPort) << 8 | protocol.ordinal();
        if (!source.isV4()) {
            ports |= 1L << 40;
        }
        long h = source.lo() * C1 ^ destination.lo() * C2 ^ source.hi() * C3 ^ destination.hi() * C4 ^ ports * C5;
        h ^= h >>> 31;
        h *= C1;
        h ^= h >>> 29;
        return h == 0 ? 1 : h;
    }
}
