package dev.kpsim.mode.userspace.ports;

import dev.kpsim.mode.userspace.proxier.Rng;

/**
 * The userspace proxier's proxy-port allocator ({@code PortAllocator} in {@code pkg/proxy/userspace/port_allocator.go}):
 * {@link RandomAllocator} when no range is configured (always 0: the kernel picks at bind time), otherwise a
 * {@link RangeAllocator}. Mutable; lives inside one generation.
 */
public sealed interface PortAllocator permits RandomAllocator, RangeAllocator {

    /** Message of {@code errPortRangeNoPortsRemaining}. */
    String NO_PORTS_REMAINING = "port allocation failed; there are no remaining ports left to allocate in the accepted range";

    /** {@code AllocateNext}: a port, or 0 meaning "let the kernel choose". */
    int allocateNext() throws PortAllocationException;

    /** Marks a port as taken without drawing (kpsim's pinned ports); no effect outside the range. */
    void reserve(int port);

    /** {@code Release}: frees a port (no effect outside the range). */
    void release(int port);

    /** {@code newPortAllocator}: the random allocator for an unset range (base 0), else a range allocator. */
    static PortAllocator forRange(PortRange range, Rng rng) {
        return range.isUnset() ? new RandomAllocator() : new RangeAllocator(range, rng);
    }
}
