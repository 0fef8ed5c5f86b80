package dev.kpsim.core.conntrack;

import dev.kpsim.core.net.IpAddress;

/**
 * One address remembered by a {@code recent} list ({@code struct recent_entry} in
 * {@code net/netfilter/xt_recent.c}): a ring of the last {@value RecentTable#PACKETS_PER_ADDRESS} time stamps.
 */
public final class RecentEntry {
    private final IpAddress address;
    private final long[] stamps;
    private int index;
    private int count;

    RecentEntry(IpAddress address, long firstStampMillis) {
        this.address = address;
        this.stamps = new long[RecentTable.PACKETS_PER_ADDRESS];
        this.stamps[0] = firstStampMillis;
        this.index = 1;
        this.count = 1;
    }

    private RecentEntry(RecentEntry o) {
        this.address = o.address;
        this.stamps = o.stamps.clone();
        this.index = o.index;
        this.count = o.count;
    }

    RecentEntry copy() {
        return new RecentEntry(this);
    }

    public IpAddress address() {
        return address;
    }

    /** Number of stored time stamps (at most {@value RecentTable#PACKETS_PER_ADDRESS}). */
    public int stampCount() {
        return count;
    }

    /** The i-th stored stamp in storage order (not sorted), milliseconds of the simulation clock. */
    public long stamp(int i) {
        return stamps[i];
    }

    /** The most recent stamp. */
    public long lastSeen() {
        return stamps[index - 1];
    }

    void addStamp(long nowMillis) {
        index %= stamps.length;
        stamps[index++] = nowMillis;
        if (index > count) {
            count = index;
        }
    }
}
