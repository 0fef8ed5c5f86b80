package dev.kpsim.mode.nftables.text;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.nftables.ast.FieldType;
import java.util.Optional;

/**
 * How nft prints constants of each {@link FieldType}: marks as {@code 0x%08x}, addresses normalised (a full-length
 * prefix as the bare address), protocol numbers as names, interface names quoted. Text nft would print unchanged
 * is returned unchanged.
 */
public final class Values {

    private Values() {
    }

    /** The canonical {@code nft list} form of a literal compared with (or stored as) a field of type {@code t}. */
    public static String canonical(String text, FieldType t) {
        switch (t) {
            case MARK -> {
                return parseNumber(text).map(v -> String.format("0x%08x", v)).orElse(text);
            }
            case IPV4_ADDR, IPV6_ADDR -> {
                return canonicalAddress(text);
            }
            case INET_PROTO -> {
                return parseNumber(text).flatMap(n -> FieldType.protocolName((int) (long) n)).orElse(text);
            }
            case IFNAME -> {
                return text.startsWith("\"") ? text : "\"" + text + "\"";
            }
            default -> {
                return text;
            }
        }
    }

    private static String canonicalAddress(String text) {
        int dash = text.indexOf('-');
        if (dash > 0) {
            Optional<IpAddress> lo = IpAddress.tryParse(text.substring(0, dash));
            Optional<IpAddress> hi = IpAddress.tryParse(text.substring(dash + 1));
            if (lo.isPresent() && hi.isPresent()) {
                return lo.get() + "-" + hi.get();
            }
        }
        Optional<Cidr> c = Cidr.tryParse(text);
        if (c.isEmpty()) {
            return text;
        }
        return c.get().isHost() ? c.get().address().toString() : c.get().toString();
    }

    /** A decimal or {@code 0x} hexadecimal number. */
    public static Optional<Long> parseNumber(String s) {
        boolean hex = s.startsWith("0x");
        int radix = hex ? 16 : 10;
        if (!numberSyntax(s, hex ? 2 : 0, radix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(hex ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code s} from {@code from} is what {@link Long#parseLong(String, int)} reads: an optional sign and at
     * least one digit of {@code radix} (only overflow is left to it). Words such as {@code tcp} are refused here
     * without the cost of an exception.
     */
    private static boolean numberSyntax(String s, int from, int radix) {
        int i = from;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i >= s.length()) {
            return false;
        }
        for (; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Strips surrounding double quotes. */
    public static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
