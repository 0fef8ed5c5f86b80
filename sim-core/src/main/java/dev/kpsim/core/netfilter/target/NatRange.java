package dev.kpsim.core.netfilter.target;

import dev.kpsim.core.net.IpAddress;

/**
 * A NAT destination or source as in {@code --to-destination 10.244.1.7:9376}: an address range (or null for
 * port-only) and an optional port range (0 = keep the port).
 */
public record NatRange(IpAddress fromIp, IpAddress toIp, int fromPort, int toPort) {
    public static NatRange of(IpAddress ip, int port) {
        return new NatRange(ip, ip, port, port);
    }

    /** {@code ip}, {@code ip:port}, {@code [ip6]:port}, ranges with {@code -}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        boolean v6 = fromIp != null && !fromIp.isV4();
        if (fromIp != null) {
            if (v6 && fromPort != 0) {
                sb.append('[');
            }
            sb.append(fromIp);
            if (!fromIp.equals(toIp)) {
                sb.append('-').append(toIp);
            }
            if (v6 && fromPort != 0) {
                sb.append(']');
            }
        }
        if (fromPort != 0) {
            sb.append(':').append(fromPort);
            if (toPort != fromPort) {
                sb.append('-').append(toPort);
            }
        }
        return sb.toString();
    }
}
