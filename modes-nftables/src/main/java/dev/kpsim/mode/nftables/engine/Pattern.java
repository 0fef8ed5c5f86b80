package dev.kpsim.mode.nftables.engine;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.nftables.ast.FieldType;
import dev.kpsim.mode.nftables.text.Values;
import java.util.Optional;

/**
 * A constant read as a field of a given type, ready to match values: an exact value, an address prefix or range,
 * a number range, or an interface-name wildcard ({@code veth*}).
 */
record Pattern(FieldType type, Value exact, Cidr prefix, IpAddress ipLow, IpAddress ipHigh, long low, long high,
               String wildcardPrefix) {

    /** Reads {@code text} as a constant of type {@code t}; throws {@link Unsupported} when it cannot. */
    static Pattern parse(String text, FieldType t) throws Unsupported {
        String s = Values.unquote(text);
        switch (t) {
            case IPV4_ADDR, IPV6_ADDR -> {
                int dash = s.indexOf('-');
                if (dash > 0) {
                    Optional<IpAddress> lo = IpAddress.tryParse(s.substring(0, dash));
                    Optional<IpAddress> hi = IpAddress.tryParse(s.substring(dash + 1));
                    if (lo.isPresent() && hi.isPresent()) {
                        return new Pattern(t, null, null, lo.get(), hi.get(), 0, 0, null);
                    }
                }
                Cidr c = Cidr.tryParse(s).orElseThrow(() -> new Unsupported("'" + text + "' is not an address"));
                return c.isHost() ? exact(Value.ip(t, c.address())) : new Pattern(t, null, c, null, null, 0, 0, null);
            }
            case INET_PROTO -> {
                int n = dev.kpsim.mode.nftables.ast.FieldType.protocolNumber(s)
                        .orElseThrow(() -> new Unsupported("'" + text + "' is not a protocol"));
                return exact(Value.number(t, n));
            }
            case INET_SERVICE, MARK, INTEGER -> {
                int dash = s.indexOf('-');
                if (dash > 0) {
                    long lo = Values.parseNumber(s.substring(0, dash)).orElseThrow(() -> notNumber(text));
                    long hi = Values.parseNumber(s.substring(dash + 1)).orElseThrow(() -> notNumber(text));
                    return new Pattern(t, null, null, null, null, lo, hi, null);
                }
                return exact(Value.number(t, Values.parseNumber(s).orElseThrow(() -> notNumber(text))));
            }
            case IFNAME -> {
                return s.endsWith("*") ? new Pattern(t, null, null, null, null, 0, 0, s.substring(0, s.length() - 1))
                        : exact(Value.word(t, s));
            }
            case CT_STATE, CT_STATUS, FIB_ADDRTYPE, NFPROTO -> {
                return exact(Value.word(t, s));
            }
            default -> throw new Unsupported("constants of unmodelled fields ('" + text + "')");
        }
    }

    private static Unsupported notNumber(String text) {
        return new Unsupported("'" + text + "' is not a number");
    }

    static Pattern exact(Value v) {
        return new Pattern(v.type(), v, null, null, null, 0, 0, null);
    }

    boolean isExact() {
        return exact != null;
    }

    boolean matches(Value v) {
        if (exact != null) {
            return exact.key().equals(v.key());
        }
        if (prefix != null) {
            return v.ip() != null && prefix.contains(v.ip());
        }
        if (ipLow != null) {
            return v.ip() != null && v.ip().family() == ipLow.family() && v.ip().compareTo(ipLow) >= 0
                    && v.ip().compareTo(ipHigh) <= 0;
        }
        if (wildcardPrefix != null) {
            return v.word() != null && v.word().startsWith(wildcardPrefix);
        }
        return v.ip() == null && v.word() == null && v.number() >= low && v.number() <= high;
    }
}
