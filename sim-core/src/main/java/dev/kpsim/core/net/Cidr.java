package dev.kpsim.core.net;

import java.util.Optional;

/**
 * An IP prefix such as {@code 10.244.0.0/16}. The stored address is masked to the prefix, as the kernel and
 * Go's {@code net.ParseCIDR} do, so {@code 10.244.1.5/16} equals {@code 10.244.0.0/16}.
 */
public record Cidr(IpAddress address, int prefixLength) {

    public Cidr {
        if (prefixLength < 0 || prefixLength > address.family().bits()) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is out of range for " + address.family().kubernetesName());
        }
        address = mask(address, prefixLength);
    }

    /** The host prefix (/32 or /128) of one address. */
    public static Cidr host(IpAddress ip) {
        return new Cidr(ip, ip.family().bits());
    }

    /**
     * Parses {@code ADDR/LEN}; a bare address is taken as a host prefix.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static Cidr parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a CIDR (expected ADDRESS/LENGTH)"));
    }

    public static Optional<Cidr> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        Optional<IpAddress> ip = IpAddress.tryParse(slash < 0 ? text : text.substring(0, slash));
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        if (slash < 0) {
            return Optional.of(host(ip.get()));
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int l = Integer.parseInt(len);
        if (l > ip.get().family().bits()) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(ip.get(), l));
    }

    private static IpAddress mask(IpAddress ip, int len) {
        if (ip.isV4()) {
            long m = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
            return new IpAddress(IpFamily.IPV4, 0, ip.lo() & m);
        }
        long mh = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
        long ml = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return new IpAddress(IpFamily.IPV6, ip.hi() & mh, ip.lo() & ml);
    }

    /** True if {@code ip} is inside this prefix (always false across families). */
    public boolean contains(IpAddress ip) {
        return ip.family() == address.family() && mask(ip, prefixLength).equals(address);
    }

    public IpFamily family() {
        return address.family();
    }

    public boolean isHost() {
        return prefixLength == address.family().bits();
    }

    /** {@code ADDR/LEN}, always with the length. */
    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
