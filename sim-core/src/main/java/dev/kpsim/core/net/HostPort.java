package dev.kpsim.core.net;

/**
 * An address and a port, printed as Go's {@code net.JoinHostPort} does ({@code 10.0.0.1:80},
 * {@code [fd00::1]:80}). kube-proxy's endpoint strings, and so its KUBE-SEP hash inputs, use this form.
 */
public record HostPort(IpAddress ip, int port) implements Comparable<HostPort> {

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /** Parses {@code IP:PORT} or {@code [IPv6]:PORT}. */
    public static HostPort parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + s + "' is not IP:PORT");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = s.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + s + "' has no valid port");
        }
        return new HostPort(IpAddress.parse(host), Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return ip.isV4() ? ip + ":" + port : "[" + ip + "]:" + port;
    }

    @Override
    public int compareTo(HostPort o) {
        return toString().compareTo(o.toString());
    }
}
