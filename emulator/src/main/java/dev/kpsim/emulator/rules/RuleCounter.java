package dev.kpsim.emulator.rules;

/**
 * The kernel's packet and byte counters for one rule, read with {@code iptables-save -c}.
 *
 * @param position 1-based index of the rule in its chain (as {@code iptables -L --line-numbers} counts)
 * @param rule     the rule exactly as {@code iptables-save} prints it, counters removed
 *                 ({@code -A KUBE-SVC-… -m statistic …}); this is the key to compare with the simulator's
 *                 hit counts for the same rule
 */
public record RuleCounter(String table, String chain, int position, String rule, long packets, long bytes) {

    /** The same rule with the counts of {@code earlier} subtracted. */
    public RuleCounter minus(RuleCounter earlier) {
        return new RuleCounter(table, chain, position, rule, packets - earlier.packets, bytes - earlier.bytes);
    }
}
