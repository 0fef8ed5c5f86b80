package dev.kpsim.scenarios.derive;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Deterministic stand-in for kube-apiserver's ClusterIP allocator ({@code pkg/registry/core/service/ipallocator}),
 * which picks at random: kpsim hands out addresses sequentially from the 10th address of the service CIDR upward
 * (the 1st address of a small range whose 10th does not fit), skipping taken ones, never the network address or an
 * IPv4 broadcast address. Callers allocate in Service key order, so the same input always yields the same IPs.
 * Mutable; one per load.
 */
public final class ClusterIpAllocator {
    private static final int FIRST_OFFSET = 10;
    private final Set<IpAddress> taken;

    public ClusterIpAllocator(Set<IpAddress> taken) {
        this.taken = new HashSet<>(taken);
    }

    /** The next free address of {@code cidr}, now taken; empty if the range is exhausted. O(taken in range). */
    public Optional<IpAddress> allocate(Cidr cidr) {
        BigInteger size = BigInteger.ONE.shiftLeft(cidr.family().bits() - cidr.prefixLength());
        BigInteger usable = cidr.address().isV4() ? size.subtract(BigInteger.ONE) : size; // no IPv4 broadcast
        long start = usable.compareTo(BigInteger.valueOf(FIRST_OFFSET + 1)) > 0 ? FIRST_OFFSET : 1;
        for (long offset = start; BigInteger.valueOf(offset).compareTo(usable) < 0; offset++) {
            IpAddress candidate = cidr.address().plus(offset);
            if (taken.add(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
