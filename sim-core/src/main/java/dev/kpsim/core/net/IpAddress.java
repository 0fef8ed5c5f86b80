package dev.kpsim.core.net;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address as a value. IPv4 addresses live in the low 32 bits of {@code lo}; IPv6 addresses
 * use all 128 bits of {@code hi}:{@code lo}. {@link #toString()} prints the form Go's {@code net.IP.String()}
 * prints (dotted quad; RFC 5952 compressed lower-case IPv6), because kube-proxy builds endpoint strings,
 * chain-name hash inputs and rule text from exactly that form.
 */
public record IpAddress(IpFamily family, long hi, long lo) implements Comparable<IpAddress> {

    public IpAddress {
        if (family == IpFamily.IPV4 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address must fit in 32 bits");
        }
    }

    /** An IPv4 address from its 32 bits (big-endian, as on the wire). */
    public static IpAddress v4(int bits) {
        return new IpAddress(IpFamily.IPV4, 0, bits & 0xFFFFFFFFL);
    }

    /** An IPv4 address from four octets. */
    public static IpAddress v4(int a, int b, int c, int d) {
        return v4((a << 24) | (b << 16) | (c << 8) | d);
    }

    /** The IPv4 loopback 127.0.0.1. */
    public static final IpAddress LOCALHOST_V4 = v4(127, 0, 0, 1);

    /**
     * Parses a textual address. Accepts dotted-quad IPv4 (no leading zeros, as Go's parser since 1.17) and any
     * RFC 4291 IPv6 text including an embedded IPv4 tail.
     *
     * @throws IllegalArgumentException with a sentence naming the problem
     */
    public static IpAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address"));
    }

    /** Like {@link #parse} but empty instead of throwing. */
    public static Optional<IpAddress> tryParse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        Long v = parseV4Bits(text);
        return v == null ? Optional.empty() : Optional.of(new IpAddress(IpFamily.IPV4, 0, v));
    }

    private static Long parseV4Bits(String text) {
        long value = 0;
        int octets = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            int octet = 0;
            while (i < n && text.charAt(i) != '.') {
                char c = text.charAt(i);
                if (c < '0' || c > '9' || i - start >= 3) {
                    return null;
                }
                octet = octet * 10 + (c - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || octet > 255 || (len > 1 && text.charAt(start) == '0')) {
                return null;
            }
            value = (value << 8) | octet;
            octets++;
            if (i < n) {
                i++; // skip '.'
                if (i == n) {
                    return null;
                }
            }
        }
        return octets == 4 ? value : null;
    }

    private static Optional<IpAddress> parseV6(String text) {
        int[] groups = new int[8];
        int count = 0;
        int doubleColonAt = -1;
        int i = 0;
        int n = text.length();
        if (text.startsWith("::")) {
            doubleColonAt = 0;
            i = 2;
            if (i == n) {
                return Optional.of(new IpAddress(IpFamily.IPV6, 0, 0));
            }
        } else if (text.startsWith(":")) {
            return Optional.empty();
        }
        while (i < n) {
            int start = i;
            while (i < n && text.charAt(i) != ':') {
                i++;
            }
            String part = text.substring(start, i);
            if (part.indexOf('.') >= 0) {
                if (i != n || count > 6) {
                    return Optional.empty();
                }
                Long v4 = parseV4Bits(part);
                if (v4 == null) {
                    return Optional.empty();
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                break;
            }
            if (part.isEmpty() || part.length() > 4 || count >= 8) {
                return Optional.empty();
            }
            int g = 0;
            for (int k = 0; k < part.length(); k++) {
                int d = Character.digit(part.charAt(k), 16);
                if (d < 0) {
                    return Optional.empty();
                }
                g = (g << 4) | d;
            }
            groups[count++] = g;
            if (i < n) {
                i++; // ':'
                if (i < n && text.charAt(i) == ':') {
                    if (doubleColonAt >= 0) {
                        return Optional.empty();
                    }
                    doubleColonAt = count;
                    i++;
                } else if (i == n) {
                    return Optional.empty();
                }
            }
        }
        int[] full = new int[8];
        if (doubleColonAt >= 0) {
            if (count >= 8) {
                return Optional.empty();
            }
            int tail = count - doubleColonAt;
            System.arraycopy(groups, 0, full, 0, doubleColonAt);
            System.arraycopy(groups, doubleColonAt, full, 8 - tail, tail);
        } else {
            if (count != 8) {
                return Optional.empty();
            }
            full = groups;
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | full[k];
            lo = (lo << 16) | full[k + 4];
        }
        return Optional.of(new IpAddress(IpFamily.IPV6, hi, lo));
    }

    /** The 32 address bits of an IPv4 address. */
    public int v4Bits() {
        return (int) lo;
    }

    public boolean isV4() {
        return family == IpFamily.IPV4;
    }

    /** 127.0.0.0/8 or ::1. */
    public boolean isLoopback() {
        return isV4() ? ((lo >>> 24) & 0xFF) == 127 : (hi == 0 && lo == 1);
    }

    /** 0.0.0.0 or ::. */
    public boolean isUnspecified() {
        return hi == 0 && lo == 0;
    }

    /** The address {@code delta} further on (wrapping inside the family). */
    public IpAddress plus(long delta) {
        if (isV4()) {
            return v4((int) (lo + delta));
        }
        long newLo = lo + delta;
        long carry = Long.compareUnsigned(newLo, lo) < 0 && delta > 0 ? 1 : 0;
        return new IpAddress(IpFamily.IPV6, hi + carry, newLo);
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        if (isV4()) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xFFFF);
            g[k + 4] = (int) ((lo >>> (48 - 16 * k)) & 0xFFFF);
        }
        // RFC 5952: compress the longest run (>= 2) of zero groups, first one on ties.
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] == 0) {
                int s = k;
                while (k < 8 && g[k] == 0) {
                    k++;
                }
                if (k - s > bestLen) {
                    bestStart = s;
                    bestLen = k - s;
                }
            } else {
                k++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
