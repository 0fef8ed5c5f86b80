package dev.kpsim.mode.userspace.ports;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;

/**
 * kube-proxy's {@code --proxy-port-range} / {@code portRange} ({@code utilnet.PortRange} in
 * {@code k8s.io/apimachinery/pkg/util/net/port_range.go}): {@code base} and {@code size}, both 0 when unset. Parsed as
 * {@code PortRange.Set} parses: {@code ""} (unset), a single port {@code "N"}, {@code "min-max"} or
 * {@code "min+offset"}, inclusive at both ends.
 */
public record PortRange(int base, int size) {

    /** The unset range: proxy ports are left to the kernel. */
    public static final PortRange UNSET = new PortRange(0, 0);

    /**
     * Parses a port range as kube-proxy does.
     *
     * @throws BadInputException (code {@code bad-port-range}) for text kube-proxy would reject
     */
    public static PortRange parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            return UNSET;
        }
        int hyphen = value.indexOf('-');
        int plus = value.indexOf('+');
        int low;
        int high;
        if (hyphen >= 0 && plus >= 0) {
            throw bad(value, "unable to parse port range: " + value);
        } else if (hyphen >= 0) {
            low = number(value, value.substring(0, hyphen));
            high = number(value, value.substring(hyphen + 1));
        } else if (plus >= 0) {
            low = number(value, value.substring(0, plus));
            high = low + number(value, value.substring(plus + 1));
        } else {
            low = number(value, value);
            high = low;
        }
        if (low > 65535 || high > 65535) {
            throw bad(value, "the port range cannot be greater than 65535: " + value);
        }
        if (high < low) {
            throw bad(value, "end port cannot be less than start port: " + value);
        }
        return new PortRange(low, 1 + high - low);
    }

    /** True if no range is set. kube-proxy treats a base of 0 as unset too ({@code newPortAllocator}). */
    public boolean isUnset() {
        return base == 0;
    }

    /** {@code Contains}: base ≤ p < base + size. */
    public boolean contains(int p) {
        return p >= base && p - base < size;
    }

    /** {@code min-max}, or "" when unset (Go's {@code PortRange.String}). */
    @Override
    public String toString() {
        return size == 0 ? "" : base + "-" + (base + size - 1);
    }

    private static int number(String whole, String part) {
        String p = part.trim();
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw bad(whole, "strconv.Atoi: parsing \"" + p + "\": invalid syntax");
        }
    }

    private static BadInputException bad(String value, String why) {
        return new BadInputException(SourceLocation.UNKNOWN, "bad-port-range",
                "invalid proxy port range \"" + value + "\": " + why);
    }
}
