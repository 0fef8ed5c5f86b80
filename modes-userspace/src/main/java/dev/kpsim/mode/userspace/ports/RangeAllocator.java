package dev.kpsim.mode.userspace.ports;

import dev.kpsim.mode.userspace.proxier.Rng;
import java.util.BitSet;

/**
 * {@code rangeAllocator} of {@code pkg/proxy/userspace/port_allocator.go}: a bitmap over the range; each allocation
 * ({@code nextFreePort}) draws a random index j, takes it if free, else scans j+1 … size-1, then 0 … j-1; when every
 * port is used allocation fails with {@link PortAllocator#NO_PORTS_REMAINING}. Upstream a goroutine pre-fills a
 * 16-port channel with such draws; with no releases in between that yields the same sequence, so kpsim draws on
 * demand. The random source is the caller's seeded {@link Rng} instead of {@code time.Now().UnixNano()}.
 * Mutable; O(size) worst case per allocation.
 */
public final class RangeAllocator implements PortAllocator {
    private final PortRange range;
    private final BitSet used;
    private Rng rng;

    public RangeAllocator(PortRange range, Rng rng) {
        if (range.base() == 0 || range.size() == 0) {
            throw new IllegalArgumentException("illegal argument: may not specify an empty port range");
        }
        this.range = range;
        this.used = new BitSet(range.size());
        this.rng = rng;
    }

    @Override
    public int allocateNext() throws PortAllocationException {
        Rng.IntDraw d = rng.nextInt(range.size());
        rng = d.next();
        int j = d.value();
        if (!used.get(j)) {
            used.set(j);
            return range.base() + j;
        }
        for (int i = j + 1; i < range.size(); i++) {
            if (!used.get(i)) {
                used.set(i);
                return range.base() + i;
            }
        }
        for (int i = 0; i < j; i++) {
            if (!used.get(i)) {
                used.set(i);
                return range.base() + i;
            }
        }
        throw new PortAllocationException(NO_PORTS_REMAINING);
    }

    @Override
    public void reserve(int port) {
        if (range.contains(port)) {
            used.set(port - range.base());
        }
    }

    @Override
    public void release(int port) {
        if (range.contains(port)) {
            used.clear(port - range.base());
        }
    }

    /** The range this allocator hands out. */
    public PortRange range() {
        return range;
    }

    /** Number of ports currently taken. */
    public int usedCount() {
        return used.cardinality();
    }
}
