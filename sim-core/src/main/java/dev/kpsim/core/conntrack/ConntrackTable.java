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
 * <p>An open-addressing hash (linear probing, backward-shift deletion) whose slots hold each tuple packed into two
 * words — for IPv4 the whole tuple (both addresses; ports, protocol and family), for IPv6 a 64-bit hash of the
 * addresses and the ports word — so a lookup by header fields
 * ({@link #find(Protocol, IpAddress, int, IpAddress, int, long)}) allocates nothing and, for IPv4, compares without
 * touching the entries.
 * Mutable and confined to the thread that owns the simulation state. Lookups are O(1), inserts amortized O(1).
 */
public final class ConntrackTable {
    private static final int MIN_COLLECT = 1024;
    private static final long C1 = 0x9E3779B97F4A7C15L;
    private static final long C2 = 0xC2B2AE3D27D4EB4FL;
    private static final long C3 = 0x165667B19E3779F9L;
    private static final long C4 = 0xD6E8FEB86659FD93L;
    /** Family bits of a slot's {@code k2} word (0 = empty slot). */
    private static final long V4 = 1;
    private static final long V6 = 2;
    /** {@link #takeOver} results: the new entry's original / reply tuple already has its slot. */
    private static final int ORIGINAL_PLACED = 1;
    private static final int REPLY_PLACED = 2;

    /**
     * Per slot: the packed tuple ({@code k1}: IPv4 source and destination, or an IPv6 address hash; {@code k2}: ports,
     * protocol and family, 0 when the slot is empty) and the entry holding that tuple.
     */
    private long[] k1 = new long[64];
    private long[] k2 = new long[64];
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
        ConntrackEntry e = stored(protocol, source, sourcePort, destination, destinationPort);
        return e == null || e.isExpired(nowMillis) ? null : e;
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
        if ((used + 2) * 2 > k2.length) {
            resize(k2.length * 2);
        }
        int placed = 0;
        ConntrackEntry old = holder(e.original());
        if (old != null) {
            placed = takeOver(old, e);
        }
        if ((placed & REPLY_PLACED) == 0) {
            old = holder(e.reply());
            if (old != null) {
                placed |= takeOver(old, e);
            }
        }
        if ((placed & ORIGINAL_PLACED) == 0) {
            put(e.original(), e);
        }
        if ((placed & REPLY_PLACED) == 0) {
            put(e.reply(), e);
        }
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
        Arrays.fill(k1, 0);
        Arrays.fill(k2, 0);
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
        return stored(t.protocol(), t.source(), t.sourcePort(), t.destination(), t.destinationPort());
    }

    /** The stored entry holding a tuple of these fields in either direction, expired or not; null if none. */
    private ConntrackEntry stored(Protocol protocol, IpAddress source, int sourcePort, IpAddress destination,
                                  int destinationPort) {
        boolean v4 = source.isV4();
        long a = v4 ? packV4(source, destination) : hashV6(source, destination);
        long b = packPorts(protocol, sourcePort, destinationPort, v4);
        int mask = k2.length - 1;
        for (int i = index(a, b) & mask; ; i = (i + 1) & mask) {
            long s = k2[i];
            if (s == 0) {
                return null;
            }
            if (s == b && k1[i] == a) {
                ConntrackEntry e = slots[i];
                if (v4 || same(e.original(), protocol, source, sourcePort, destination, destinationPort)
                        || same(e.reply(), protocol, source, sourcePort, destination, destinationPort)) {
                    return e;
                }
            }
        }
    }

    /**
     * Retires the stored entry {@code old} in favour of {@code e}, which reuses some of its tuples (a client's source
     * port comes round again): slots of tuples both have point to {@code e} from now on, the others are deleted.
     *
     * @return {@link #ORIGINAL_PLACED} and/or {@link #REPLY_PLACED} for the tuples of {@code e} already in place
     */
    private int takeOver(ConntrackEntry old, ConntrackEntry e) {
        int placed = 0;
        for (int k = 0; k < 2; k++) {
            ConntrackTuple t = k == 0 ? old.original() : old.reply();
            if (k == 1 && t.equals(old.original())) {
                break;
            }
            boolean asOriginal = t.equals(e.original());
            boolean asReply = t.equals(e.reply());
            if (asOriginal || asReply) {
                repoint(t, old, e);
                placed |= (asOriginal ? ORIGINAL_PLACED : 0) | (asReply ? REPLY_PLACED : 0);
            } else {
                deleteSlot(t, old);
            }
        }
        old.stored = false;
        stored--;
        return placed;
    }

    /** Points the slot of {@code t} that holds {@code from} at {@code to}. */
    private void repoint(ConntrackTuple t, ConntrackEntry from, ConntrackEntry to) {
        boolean v4 = t.source().isV4();
        long a = v4 ? packV4(t.source(), t.destination()) : hashV6(t.source(), t.destination());
        long b = packPorts(t.protocol(), t.sourcePort(), t.destinationPort(), v4);
        int mask = k2.length - 1;
        for (int i = index(a, b) & mask; k2[i] != 0; i = (i + 1) & mask) {
            if (k2[i] == b && k1[i] == a && slots[i] == from) {
                slots[i] = to;
                return;
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
        boolean v4 = t.source().isV4();
        long a = v4 ? packV4(t.source(), t.destination()) : hashV6(t.source(), t.destination());
        long b = packPorts(t.protocol(), t.sourcePort(), t.destinationPort(), v4);
        int mask = k2.length - 1;
        int i = index(a, b) & mask;
        while (k2[i] != 0) {
            if (k2[i] == b && k1[i] == a && slots[i] == e) {
                return;
            }
            i = (i + 1) & mask;
        }
        k1[i] = a;
        k2[i] = b;
        slots[i] = e;
        used++;
    }

    /** Deletes the slot of {@code t} that points at {@code e}, shifting later slots of the run back. */
    private void deleteSlot(ConntrackTuple t, ConntrackEntry e) {
        boolean v4 = t.source().isV4();
        long a = v4 ? packV4(t.source(), t.destination()) : hashV6(t.source(), t.destination());
        long b = packPorts(t.protocol(), t.sourcePort(), t.destinationPort(), v4);
        int mask = k2.length - 1;
        int i = index(a, b) & mask;
        while (k2[i] != 0 && !(k2[i] == b && k1[i] == a && slots[i] == e)) {
            i = (i + 1) & mask;
        }
        if (k2[i] == 0) {
            return;
        }
        used--;
        int gap = i;
        for (int j = (gap + 1) & mask; k2[j] != 0; j = (j + 1) & mask) {
            int home = index(k1[j], k2[j]) & mask;
            // the slot at j may move into the gap if its home is not in (gap, j] (cyclically)
            boolean between = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
            if (!between) {
                k1[gap] = k1[j];
                k2[gap] = k2[j];
                slots[gap] = slots[j];
                gap = j;
            }
        }
        k1[gap] = 0;
        k2[gap] = 0;
        slots[gap] = null;
    }

    private void resize(int capacity) {
        long[] old1 = k1;
        long[] old2 = k2;
        ConntrackEntry[] oldSlots = slots;
        k1 = new long[capacity];
        k2 = new long[capacity];
        slots = new ConntrackEntry[capacity];
        int mask = capacity - 1;
        for (int k = 0; k < old2.length; k++) {
            long b = old2[k];
            if (b != 0) {
                int i = index(old1[k], b) & mask;
                while (k2[i] != 0) {
                    i = (i + 1) & mask;
                }
                k1[i] = old1[k];
                k2[i] = b;
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

    /** A tuple direction has exactly these fields (IPv6 slots only hold a hash of the addresses). */
    private static boolean same(ConntrackTuple t, Protocol protocol, IpAddress source, int sourcePort,
                                IpAddress destination, int destinationPort) {
        return t.protocol() == protocol && t.sourcePort() == sourcePort && t.destinationPort() == destinationPort
                && t.source().equals(source) && t.destination().equals(destination);
    }

    /** An IPv4 tuple's two addresses: the source in the high half. */
    private static long packV4(IpAddress source, IpAddress destination) {
        return source.lo() << 32 | destination.lo();
    }

    /** A 64-bit hash of an IPv6 tuple's two addresses (the entries' addresses are compared on a match). */
    private static long hashV6(IpAddress source, IpAddress destination) {
        long h = source.lo() * C1 ^ destination.lo() * C2 ^ source.hi() * C3 ^ destination.hi() * C4;
        return h ^ (h >>> 29);
    }

    /** Ports, protocol and family of a tuple in one never-zero word. */
    private static long packPorts(Protocol protocol, int sourcePort, int destinationPort, boolean v4) {
        return (long) sourcePort << 40 | (long) destinationPort << 24 | (long) protocol.ordinal() << 8 | (v4 ? V4 : V6);
    }

    /**
     * The home slot of a packed tuple (before masking): MurmurHash3's 64-bit finalizer over both words, so that
     * tuples differing only in the source port (a client's successive connections) spread over the whole table.
     */
    private static int index(long a, long b) {
        long h = a * C1 + b;
        h ^= h >>> 33;
        h *= C4;
        h ^= h >>> 33;
        h *= C3;
        return (int) (h ^ (h >>> 33));
    }
}
