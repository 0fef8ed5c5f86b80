package dev.kpsim.emulator.rules;

/**
 * A built-in chain's policy and the packets/bytes that fell through to it
 * ({@code :FORWARD ACCEPT [12:720]} in {@code iptables-save -c} output).
 */
public record PolicyCounter(String table, String chain, String policy, long packets, long bytes) {

    public PolicyCounter minus(PolicyCounter earlier) {
        return new PolicyCounter(table, chain, policy, packets - earlier.packets, bytes - earlier.bytes);
    }
}
