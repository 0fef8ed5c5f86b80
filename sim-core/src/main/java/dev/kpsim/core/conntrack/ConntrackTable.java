package dev.kpsim.core.conntrack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node's connection-tracking table: entries keyed by both their original and their reply tuple, as the kernel's
 * conntrack hash holds both directions ({@code net/netfilter/nf_conntrack_core.c}). Expired entries are treated as
 * absent by every lookup and removed lazily, as the kernel's garbage collector does.
 *
 * <p>Mutable and confined to the thread that owns the simulation state. Lookups are O(1).
 */
public final class ConntrackTable {
    private final Map<ConntrackTuple, ConntrackEntry> byTuple = new HashMap<>();
    private final Set<ConntrackEntry> entries = new LinkedHashSet<>();

    /** The live entry whose original or reply tuple equals {@code tuple}, or null. Does not change the table. */
    public ConntrackEntry find(ConntrackTuple tuple, long nowMillis) {
        ConntrackEntry e = byTuple.get(tuple);
        return e == null || e.isExpired(nowMillis) ? null : e;
    }

    /** True if a live entry already uses {@code tuple} in either direction (NAT picks another port then). */
    public boolean inUse(ConntrackTuple tuple, long nowMillis) {
        return find(tuple, nowMillis) != null;
    }

    /** Adds a confirmed connection, replacing expired entries that held the same tuples. */
    public void insert(ConntrackEntry e) {
        removeIfPresent(byTuple.get(e.original()));
        removeIfPresent(byTuple.get(e.reply()));
        byTuple.put(e.original(), e);
        byTuple.put(e.reply(), e);
        entries.add(e);
    }

    /** Records a packet of an existing connection: refreshes its timeout, notes a reply, stores its mark. */
    public void refresh(ConntrackEntry e, boolean reply, int mark, long expiresMillis) {
        if (reply) {
            e.markSeenReply();
        }
        e.setMark(mark);
        e.setExpiresMillis(expiresMillis);
    }

    /** Removes every expired entry (the kernel's periodic garbage collection). */
    public void expire(long nowMillis) {
        List<ConntrackEntry> dead = new ArrayList<>();
        for (ConntrackEntry e : entries) {
            if (e.isExpired(nowMillis)) {
                dead.add(e);
            }
        }
        dead.forEach(this::removeIfPresent);
    }

    /** Live entries in insertion order (what {@code conntrack -L} would list). */
    public List<ConntrackEntry> entries(long nowMillis) {
        List<ConntrackEntry> out = new ArrayList<>();
        for (ConntrackEntry e : entries) {
            if (!e.isExpired(nowMillis)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Number of stored entries, expired ones included until collected. */
    public int size() {
        return entries.size();
    }

    private void removeIfPresent(ConntrackEntry e) {
        if (e != null) {
            entries.remove(e);
            byTuple.remove(e.original(), e);
            byTuple.remove(e.reply(), e);
        }
    }
}
