package dev.kpsim.emulator.topology;

import dev.kpsim.core.net.IpAddress;

/**
 * An address with its prefix length as configured on an interface ({@code 10.244.0.1/24}): unlike a
 * {@link dev.kpsim.core.net.Cidr} the host bits are kept.
 */
public record InterfaceAddress(IpAddress ip, int prefixLength) {

    public InterfaceAddress {
        if (prefixLength < 0 || prefixLength > ip.family().bits()) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is out of range for " + ip);
        }
    }

    /** The host address ({@code /32} or {@code /128}). */
    public static InterfaceAddress host(IpAddress ip) {
        return new InterfaceAddress(ip, ip.family().bits());
    }

    /** {@code ip/len}, the form {@code ip addr add} takes. */
    @Override
    public String toString() {
        return ip + "/" + prefixLength;
    }
}
