package dev.kpsim.core.conntrack;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's connection-tracking table: entries keyed by both their original and their reply tuple, as the kernel's
 * conntrack hash holds both directions ({@code net/netfilter/nf_conntrack_core.c}). Expired entries are treated as
 * absent by every lookup, and removed by a collection pass whenever the table has doubled since the last one (the
 * kernel's {@code gc_worker} removes them in the background).
 *
 * <p>Mutable and confined to the thread that owns the simulation state. Lookups are O(1), inserts amortized O(1).
 */
public final class ConntrackTable {
    private static final int MIN_COLLECT = 1024;

    /** Both tuples of every entry, in insertion order. */
    private final LinkedHashMap<ConntrackTuple, ConntrackEntry> byTuple = new LinkedHashMap<>();
    private int nextCollect = MIN_COLLECT;

    /** The live entry whose original or reply tuple equals {@code tuple}, or null. Does not change the table. */
    public ConntrackEntry find(ConntrackTuple tuple, long nowMillis) {
        ConntrackEntry e = byTuple.get(tuple);
        return e == null || e.isExpired(nowMillis) ? null : e;
    }

    /** True if a live entry already uses {@code tuple} in either direction (NAT picks another port then). */
    public boolean inUse(ConntrackTuple tuple, long nowMillis) {
        return find(tuple, nowMillis) != null;
    }

    /** Adds a confirmed connection; expired entries holding the same tuples are replaced. */
    public void insert(ConntrackEntry e, long nowMillis) {
        if (byTuple.size() >= nextCollect) {
            expire(nowMillis);
            nextCollect = Math.max(MIN_COLLECT, byTuple.size() * 2);
        }
        remove(byTuple.get(e.original()));
        remove(byTuple.get(e.reply()));
        byTuple.put(e.original(), e);
        byTuple.put(e.reply(), e);
    }

    /** Records a packet of an existing connection: refreshes its timeout, notes a reply, stores its mark. */
    public void refresh(ConntrackEntry e, boolean reply, int mark, long expiresMillis) {
        if (reply) {
            e.markSeenReply();
        }
        e.setMark(mark);
        e.setExpiresMillis(expiresMillis);
    }

    /** Removes every expired entry. */
    public void expire(long nowMillis) {
        Iterator<ConntrackEntry> it = byTuple.values().iterator();
        while (it.hasNext()) {
            if (it.next().isExpired(nowMillis)) {
                it.remove();
            }
        }
    }

    /** Live entries in insertion order (what {@code conntrack -L} would list). */
    public List<ConntrackEntry> entries(long nowMillis) {
        List<ConntrackEntry> out = new ArrayList<>();
        for (Map.Entry<ConntrackTuple, ConntrackEntry> m : byTuple.entrySet()) {
            ConntrackEntry e = m.getValue();
            if (m.getKey() == e.original() && !e.isExpired(nowMillis)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Number of stored entries, expired ones included until collected. */
    public int size() {
        int n = 0;
        for (Map.Entry<ConntrackTuple, ConntrackEntry> m : byTuple.entrySet()) {
            if (m.getKey() == m.getValue().original()) {
                n++;
            }
        }
        return n;
    }

    private void remove(ConntrackEntry e) {
        if (e != null) {
            byTuple.remove(e.original(), e);
            byTuple.remove(e.reply(), e);
        }
    }
}
