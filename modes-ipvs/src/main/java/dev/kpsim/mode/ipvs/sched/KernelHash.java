package dev.kpsim.mode.ipvs.sched;

import dev.kpsim.core.net.IpAddress;

/**
 * The kernel hash functions IPVS schedulers use, bit for bit on a 64-bit kernel.
 * <ul>
 *   <li>{@link #hash32}: {@code hash_32(val, bits)} of {@code include/linux/hash.h}: {@code (val * 0x61C88647) >> (32 - bits)}
 *   ({@code GOLDEN_RATIO_32}), used by sh and dh since the 2016 "fix multiplicative hashing" change;</li>
 *   <li>{@link #hsiphash}: {@code hsiphash()} of {@code lib/siphash.c}, which on 64-bit kernels is SipHash-1-3 with a
 *   128-bit key made of two {@code unsigned long} words, returning the low 32 bits; used by mh;</li>
 *   <li>{@link #addrFold}: the address folding of sh/dh/mh: IPv4 {@code ntohl(addr)}, IPv6 the XOR of the four words.</li>
 * </ul>
 */
public final class KernelHash {
    /** {@code GOLDEN_RATIO_32}. */
    public static final int GOLDEN_RATIO_32 = 0x61C88647;

    private KernelHash() {
    }

    /** {@code hash_32(val, bits)}. */
    public static int hash32(int val, int bits) {
        return (val * GOLDEN_RATIO_32) >>> (32 - bits);
    }

    /** {@code ntohl(addr_fold)}: the IPv4 address, or the XOR of an IPv6 address's four 32-bit words. */
    public static int addrFold(IpAddress a) {
        if (a.isV4()) {
            return a.v4Bits();
        }
        return (int) (a.hi() >>> 32) ^ (int) a.hi() ^ (int) (a.lo() >>> 32) ^ (int) a.lo();
    }

    /** {@code hsiphash(&v, 4, key)} for one 32-bit value on a little-endian 64-bit kernel. */
    public static int hsiphash(int v, long key0, long key1) {
        long v0 = 0x736f6d6570736575L;
        long v1 = 0x646f72616e646f6dL;
        long v2 = 0x6c7967656e657261L;
        long v3 = 0x7465646279746573L;
        long b = ((long) 4) << 56;
        v3 ^= key1;
        v2 ^= key0;
        v1 ^= key1;
        v0 ^= key0;
        b |= v & 0xFFFFFFFFL;
        v3 ^= b;
        long[] s = {v0, v1, v2, v3};
        round(s);
        s[0] ^= b;
        s[2] ^= 0xff;
        round(s);
        round(s);
        round(s);
        return (int) ((s[0] ^ s[1]) ^ (s[2] ^ s[3]));
    }

    private static void round(long[] s) {
        s[0] += s[1];
        s[1] = Long.rotateLeft(s[1], 13);
        s[1] ^= s[0];
        s[0] = Long.rotateLeft(s[0], 32);
        s[2] += s[3];
        s[3] = Long.rotateLeft(s[3], 16);
        s[3] ^= s[2];
        s[0] += s[3];
        s[3] = Long.rotateLeft(s[3], 21);
        s[3] ^= s[0];
        s[2] += s[1];
        s[1] = Long.rotateLeft(s[1], 17);
        s[1] ^= s[2];
        s[2] = Long.rotateLeft(s[2], 32);
    }

    /** {@code gcd()} of {@code include/linux/gcd.h} for positive values. */
    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** {@code fls()}: 1-based index of the most significant set bit, 0 for 0. */
    static int fls(int x) {
        return 32 - Integer.numberOfLeadingZeros(x);
    }
}
