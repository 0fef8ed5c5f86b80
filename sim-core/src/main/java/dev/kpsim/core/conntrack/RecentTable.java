package dev.kpsim.core.conntrack;

import dev.kpsim.core.net.IpAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One named {@code recent} list ({@code /proc/net/xt_recent/NAME}), as {@code net/netfilter/xt_recent.c} keeps it:
 * addresses in least-recently-updated order, at most {@value #ADDRESSES} of them (module parameter
 * {@code ip_list_tot}; the oldest is evicted), each with up to {@value #PACKETS_PER_ADDRESS} time stamps
 * ({@code ip_pkt_list_tot}). kube-proxy's ClientIP session affinity lives in these lists, one per KUBE-SEP chain.
 *
 * <p>Mutable; owned by one simulation state. Lookups are O(1).
 */
public final class RecentTable {
    /** {@code ip_list_tot}: addresses remembered per list. */
    public static final int ADDRESSES = 100;
    /** {@code ip_pkt_list_tot}: time stamps remembered per address. */
    public static final int PACKETS_PER_ADDRESS = 20;

    private final LinkedHashMap<IpAddress, RecentEntry> lru = new LinkedHashMap<>();

    /** The entry for an (already masked) address, or null. */
    public RecentEntry lookup(IpAddress address) {
        return lru.get(address);
    }

    /** Adds an address with one stamp, evicting the least recently updated address when the list is full. */
    public RecentEntry init(IpAddress address, long nowMillis) {
        if (lru.size() >= ADDRESSES) {
            Iterator<IpAddress> it = lru.keySet().iterator();
            it.next();
            it.remove();
        }
        RecentEntry e = new RecentEntry(address, nowMillis);
        lru.put(address, e);
        return e;
    }

    /** Adds a stamp and moves the entry to the most-recent end ({@code recent_entry_update}). */
    public void update(RecentEntry e, long nowMillis) {
        e.addStamp(nowMillis);
        lru.remove(e.address());
        lru.put(e.address(), e);
    }

    public void remove(RecentEntry e) {
        lru.remove(e.address());
    }

    /**
     * {@code recent_entry_reap}: true if the least recently updated entry was last seen before {@code timeMillis}
     * and is not the entry about to be updated, i.e. a reap would remove it.
     */
    public boolean reapWouldRemove(long timeMillis, RecentEntry working, boolean update) {
        if (lru.isEmpty()) {
            return false;
        }
        RecentEntry head = lru.values().iterator().next();
        if (update && head.address().equals(working.address())) {
            return false;
        }
        return timeMillis > head.lastSeen();
    }

    /** Removes the least recently updated entry (call after {@link #reapWouldRemove} said so). */
    public void removeOldest() {
        Iterator<IpAddress> it = lru.keySet().iterator();
        it.next();
        it.remove();
    }

    public int size() {
        return lru.size();
    }

    /** Entries from least to most recently updated. */
    public List<RecentEntry> entries() {
        return new ArrayList<>(lru.values());
    }

    /** A deep copy (for exploring branches without changing the simulation's state). */
    public RecentTable copy() {
        RecentTable t = new RecentTable();
        for (RecentEntry e : lru.values()) {
            t.lru.put(e.address(), e.copy());
        }
        return t;
    }
}
