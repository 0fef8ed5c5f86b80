package dev.kpsim.mode.ipvs.format;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order ipvsadm lists services and destinations in unless {@code --nosort}: libipvs's
 * {@code ipvs_cmp_services} (fwmark, af, protocol, address, port) and {@code ipvs_cmp_dests} (address, port),
 * applied with glibc's {@code qsort}.
 *
 * <p>The comparators subtract 32-bit unsigned values and return the difference as a C {@code int}, so two IPv4
 * addresses more than 2^31 apart compare "backwards": {@code 192.168.0.10} sorts before {@code 10.0.0.1}. kpsim
 * reproduces the wrap-around exactly and sorts with a top-down merge sort like glibc's {@code msort}, which gives the
 * same result as any sort whenever the wrapped comparison is consistent (as it is for the address clusters a node
 * has) and glibc's result otherwise.
 */
public final class IpvsadmSort {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private IpvsadmSort() {
    }

    /** {@code ipvs_cmp_services}. */
    public static int compareServices(VirtualServer a, VirtualServer b) {
        int r = a.fwmark() - b.fwmark();
        if (r != 0) {
            return r;
        }
        r = af(a.family()) - af(b.family());
        if (r != 0) {
            return r;
        }
        r = (a.fwmark() != 0 ? 0 : a.protocol().number()) - (b.fwmark() != 0 ? 0 : b.protocol().number());
        if (r != 0) {
            return r;
        }
        r = a.fwmark() != 0 ? 0 : compareAddresses(a.address(), b.address());
        if (r != 0) {
            return r;
        }
        return a.port() - b.port();
    }

    /** {@code ipvs_cmp_dests}. */
    public static int compareDests(RealServer a, RealServer b) {
        int r = compareAddresses(a.address(), b.address());
        return r != 0 ? r : a.port() - b.port();
    }

    /**
     * {@code ntohl(a) - ntohl(b)} as C computes it for IPv4 (unsigned subtraction read as int), word by word for
     * IPv6 ({@code s6_addr32[i]}).
     */
    public static int compareAddresses(IpAddress a, IpAddress b) {
        if (a.isV4() && b.isV4()) {
            return a.v4Bits() - b.v4Bits();
        }
        int r = 0;
        for (int i = 0; r == 0 && i < 4; i++) {
            r = word(a, i) - word(b, i);
        }
        return r;
    }

    private static int word(IpAddress a, int i) {
        if (a.isV4()) {
            return i == 0 ? a.v4Bits() : 0;
        }
        long half = i < 2 ? a.hi() : a.lo();
        return (int) (i % 2 == 0 ? half >>> 32 : half);
    }

    private static int af(IpFamily f) {
        return f == IpFamily.IPV6 ? AF_INET6 : AF_INET;
    }

    /** Services in ipvsadm's listing order. */
    public static List<VirtualServer> services(List<VirtualServer> in) {
        return msort(in, IpvsadmSort::compareServices);
    }

    /** Destinations in ipvsadm's listing order. */
    public static List<RealServer> dests(List<RealServer> in) {
        return msort(in, IpvsadmSort::compareDests);
    }

    /** glibc's {@code msort_with_tmp}: split n/2, sort halves, merge taking the left element while cmp <= 0. */
    static <T> List<T> msort(List<T> in, Comparator<T> cmp) {
        List<T> a = new ArrayList<>(in);
        sort(a, 0, a.size(), cmp, new ArrayList<>(a));
        return a;
    }

    private static <T> void sort(List<T> a, int from, int n, Comparator<T> cmp, List<T> tmp) {
        if (n <= 1) {
            return;
        }
        int n1 = n / 2;
        int n2 = n - n1;
        sort(a, from, n1, cmp, tmp);
        sort(a, from + n1, n2, cmp, tmp);
        int i = from;
        int j = from + n1;
        int k = 0;
        while (n1 > 0 && n2 > 0) {
            if (cmp.compare(a.get(i), a.get(j)) <= 0) {
                tmp.set(k++, a.get(i++));
                n1--;
            } else {
                tmp.set(k++, a.get(j++));
                n2--;
            }
        }
        while (n1-- > 0) {
            tmp.set(k++, a.get(i++));
        }
        for (int x = 0; x < k; x++) {
            a.set(from + x, tmp.get(x));
        }
    }
}
