package dev.kpsim.core.netfilter;

/** Packet and byte counters of a chain policy or a rule, as {@code iptables-save -c} prints them ({@code [pkts:bytes]}). */
public record Counters(long packets, long bytes) {
    public static final Counters ZERO = new Counters(0, 0);

    @Override
    public String toString() {
        return "[" + packets + ":" + bytes + "]";
    }
}
