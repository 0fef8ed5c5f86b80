package dev.kpsim.mode.ipvs.ipset;

import dev.kpsim.core.net.IpFamily;

/**
 * kpsim's estimate of {@code Size in memory:} in {@code ipset list}: the kernel's empty-set size for the type and
 * family plus one hash bucket per member, measured on Linux 6.18 (ipset 7.17, hashsize 1024). The kernel's real
 * number is smaller when members share a bucket, which depends on its jhash with a random {@code initval}; kpsim
 * assumes no collisions. bitmap:port with range 0-65535 is a fixed 8264 bytes.
 */
public final class IpSetMemory {
    private IpSetMemory() {
    }

    /** The estimated {@code Size in memory} of a set. */
    public static int estimate(IpSet set) {
        IpFamily family = set.family().orElse(IpFamily.IPV4);
        boolean v6 = family == IpFamily.IPV6;
        int n = set.members().size();
        return switch (set.type()) {
            case BITMAP_PORT -> 8264;
            case HASH_IP -> (v6 ? 224 : 216) + n * (v6 ? 64 : 40);
            case HASH_IP_PORT -> (v6 ? 232 : 216) + n * (v6 ? 72 : 48);
            case HASH_IP_PORT_IP -> (v6 ? 232 : 208) + n * (v6 ? 104 : 56);
            case HASH_IP_PORT_NET -> (v6 ? 1256 : 464) + n * (v6 ? 104 : 56);
            default -> 0;
        };
    }
}
