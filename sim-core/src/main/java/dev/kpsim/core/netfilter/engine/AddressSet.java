package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.net.IpAddress;
import java.util.Collection;

/**
 * A read-only set of IP addresses as an open-addressing table of their 128 bits and family, so that asking whether a
 * packet's address is one of the node's own or one of its pods' costs a probe or two and allocates nothing.
 */
final class AddressSet {
    private final long[] his;
    private final long[] los;
    private final byte[] kinds; // 0 empty, 1 IPv4, 2 IPv6
    private final int mask;

    AddressSet(Collection<IpAddress> addresses) {
        int cap = Integer.highestOneBit(Math.max(4, addresses.size() * 2 + 1) - 1) << 1;
        his = new long[cap];
        los = new long[cap];
        kinds = new byte[cap];
        mask = cap - 1;
        for (IpAddress ip : addresses) {
            int i = index(ip.hi(), ip.lo());
            byte k = kind(ip);
            while (kinds[i] != 0 && !(kinds[i] == k && his[i] == ip.hi() && los[i] == ip.lo())) {
                i = (i + 1) & mask;
            }
            his[i] = ip.hi();
            los[i] = ip.lo();
            kinds[i] = k;
        }
    }

    boolean contains(IpAddress ip) {
        long hi = ip.hi();
        long lo = ip.lo();
        byte k = kind(ip);
        for (int i = index(hi, lo); ; i = (i + 1) & mask) {
            byte s = kinds[i];
            if (s == 0) {
                return false;
            }
            if (s == k && his[i] == hi && los[i] == lo) {
                return true;
            }
        }
    }

    private static byte kind(IpAddress ip) {
        return ip.isV4() ? (byte) 1 : (byte) 2;
    }

    private int index(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
