package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Address and prefix parsing as libxtables does it for {@code -s}/{@code -d} and address options
 * ({@code xtables_ipparse_multiple}, {@code xtables_ip6parse_multiple}): comma-separated lists, a mask given as a
 * length or (IPv4) in dotted form, and IPv4 network shorthand ({@code 10/8}, {@code 0/0}). Host names are not
 * resolved: kpsim reads dumps, which always hold numeric addresses.
 */
final class Addresses {
    private Addresses() {
    }

    /** Parses an address list such as {@code 10.0.0.1,10.0.0.0/8}. */
    static List<Cidr> parseList(Token token, IpFamily family, LineScope scope) {
        List<Cidr> out = new ArrayList<>();
        for (String part : token.text().split(",", -1)) {
            out.add(parse(part, token, family, scope));
        }
        return out;
    }

    /** Parses one {@code ADDR[/MASK]} of the given family. */
    static Cidr parse(String text, Token token, IpFamily family, LineScope scope) {
        int slash = text.lastIndexOf('/');
        String addrText = slash < 0 ? text : text.substring(0, slash);
        Optional<IpAddress> addr = family == IpFamily.IPV4 ? parseV4(addrText) : IpAddress.tryParse(addrText);
        if (addr.isEmpty() || addr.get().family() != family) {
            Optional<IpAddress> other = IpAddress.tryParse(addrText);
            if (other.isPresent() && other.get().family() != family) {
                throw scope.error(token, "bad-address", "'" + addrText + "' is an " + other.get().family().kubernetesName()
                        + " address, but this is an " + family.kubernetesName() + " ruleset ("
                        + (family == IpFamily.IPV4 ? "iptables" : "ip6tables") + ")");
            }
            throw scope.error(token, "bad-address", "'" + addrText + "' is not a numeric " + family.kubernetesName()
                    + " address (host names are not resolved)");
        }
        int length = family.bits();
        if (slash >= 0) {
            length = maskLength(text.substring(slash + 1), family)
                    .orElseThrow(() -> scope.error(token, "bad-address", "'" + text.substring(slash + 1)
                            + "' is not a valid " + family.kubernetesName() + " mask (a prefix length or a contiguous mask)"));
        }
        return new Cidr(addr.get(), length);
    }

    /** A host address (no mask allowed), as {@code --mask} of {@code recent} or NAT range ends. */
    static IpAddress parseHost(String text, Token token, IpFamily family, LineScope scope) {
        Optional<IpAddress> addr = family == IpFamily.IPV4 ? parseV4(text) : IpAddress.tryParse(text);
        if (addr.isEmpty() || addr.get().family() != family) {
            throw scope.error(token, "bad-address", "'" + text + "' is not a numeric " + family.kubernetesName() + " address");
        }
        return addr.get();
    }

    private static Optional<Integer> maskLength(String mask, IpFamily family) {
        OptionalLong n = Values.unsigned(mask, family.bits());
        if (n.isPresent() && mask.indexOf('.') < 0 && mask.indexOf(':') < 0) {
            return Optional.of((int) n.getAsLong());
        }
        Optional<IpAddress> m = family == IpFamily.IPV4
                ? (mask.indexOf('.') >= 0 ? parseV4(mask) : Optional.empty())
                : IpAddress.tryParse(mask);
        if (m.isEmpty() || m.get().family() != family) {
            return Optional.empty();
        }
        return contiguousLength(m.get());
    }

    /** The prefix length of a mask address, or empty if its ones are not contiguous. */
    static Optional<Integer> contiguousLength(IpAddress mask) {
        int bits = mask.family().bits();
        int ones = 0;
        boolean zeroSeen = false;
        for (int i = bits - 1; i >= 0; i--) {
            boolean one = bit(mask, i);
            if (one && zeroSeen) {
                return Optional.empty();
            }
            if (one) {
                ones++;
            } else {
                zeroSeen = true;
            }
        }
        return Optional.of(ones);
    }

    private static boolean bit(IpAddress a, int i) {
        return i >= 64 ? ((a.hi() >>> (i - 64)) & 1) != 0 : ((a.lo() >>> i) & 1) != 0;
    }

    /**
     * IPv4 in libxtables' {@code __numeric_to_ipaddr} syntax: one to four dot-separated numbers (C base 0), missing
     * trailing octets are zero.
     */
    static Optional<IpAddress> parseV4(String text) {
        if (text.isEmpty() || text.endsWith(".")) {
            return Optional.empty();
        }
        Optional<IpAddress> canonical = IpAddress.tryParse(text);
        if (canonical.isPresent() && canonical.get().isV4()) {
            // four decimal octets without leading zeros read the same in base 0
            return canonical;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        int bits = 0;
        for (int i = 0; i < 4; i++) {
            long octet = 0;
            if (i < parts.length) {
                OptionalLong v = Values.unsigned(parts[i], 255);
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                octet = v.getAsLong();
            }
            bits = (bits << 8) | (int) octet;
        }
        return Optional.of(IpAddress.v4(bits));
    }
}
