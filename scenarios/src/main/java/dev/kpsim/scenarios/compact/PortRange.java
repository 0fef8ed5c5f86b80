package dev.kpsim.scenarios.compact;

import java.util.Optional;

/**
 * An inclusive port range written {@code FIRST-LAST} ({@code 30000-32767}), as kube-apiserver's
 * {@code --service-node-port-range} and kube-proxy's {@code portRange} take it.
 */
public record PortRange(int first, int last) {

    /** Parses {@code A-B} with {@code 1 <= A <= B <= 65535}; empty otherwise. */
    public static Optional<PortRange> parse(String text) {
        String[] parts = text.trim().split("-");
        if (parts.length != 2 || !parts[0].trim().matches("[0-9]{1,5}") || !parts[1].trim().matches("[0-9]{1,5}")) {
            return Optional.empty();
        }
        int a = Integer.parseInt(parts[0].trim());
        int b = Integer.parseInt(parts[1].trim());
        return a >= 1 && a <= b && b <= 65535 ? Optional.of(new PortRange(a, b)) : Optional.empty();
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
