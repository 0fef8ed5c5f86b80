package dev.kpsim.core.netfilter.match;

/** A port or port range ({@code 80}, {@code 30000:32767}) with optional negation, as in {@code --dport}. */
public record PortRange(int from, int to, boolean negated) {
    public static PortRange single(int port) {
        return new PortRange(port, port, false);
    }

    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    /** True if the port satisfies the range including negation. */
    public boolean test(int port) {
        return contains(port) != negated;
    }

    /** {@code 80} or {@code 30000:32767} (negation not included). */
    public String text() {
        return from == to ? Integer.toString(from) : from + ":" + to;
    }
}
