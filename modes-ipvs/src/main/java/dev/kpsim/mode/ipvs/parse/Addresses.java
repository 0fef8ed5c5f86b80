package dev.kpsim.mode.ipvs.parse;

import dev.kpsim.core.net.IpAddress;
import java.util.Optional;

/** ipvsadm's {@code host[:port]} / {@code [v6]:port} service and server addresses, numeric only. */
final class Addresses {
    private Addresses() {
    }

    /** An address with an optional port ({@code -1} when absent). */
    record AddrPort(IpAddress address, int port) {
    }

    static Optional<AddrPort> parse(String s) {
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                host = s;
            } else if (colon >= 0) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            } else {
                host = s;
            }
        }
        Optional<IpAddress> ip = IpAddress.tryParse(host);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        if (port == null) {
            return Optional.of(new AddrPort(ip.get(), -1));
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                || Integer.parseInt(port) > 65535) {
            return Optional.empty();
        }
        return Optional.of(new AddrPort(ip.get(), Integer.parseInt(port)));
    }

    /** True if the text looks like a host name rather than an address (ipvsadm printed without -n). */
    static boolean looksLikeName(String s) {
        String host = s.startsWith("[") ? s : (s.lastIndexOf(':') >= 0 ? s.substring(0, s.lastIndexOf(':')) : s);
        return host.chars().anyMatch(Character::isLetter) && host.indexOf(':') < 0 && !host.startsWith("[");
    }

    static boolean isUnsigned(String s, long max) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Long.parseLong(s) <= max;
    }
}
