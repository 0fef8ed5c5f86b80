package dev.kpsim.core.analysis.graph;

/**
 * A way from a rule to another chain: {@code -j CHAIN} / {@code jump} (returns), {@code -g CHAIN} / {@code goto} (does
 * not), or one element of a verdict map.
 *
 * @param label       what selects this way beyond the rule's own match (a verdict-map key such as
 *                    {@code 10.96.0.10 . tcp . 80}, a numgen bucket); empty when none
 * @param probability the chance of taking it when the rule is reached (iptables {@code statistic}, nft {@code numgen});
 *                    null when not random
 */
public record GraphJump(String table, String chain, boolean isGoto, String label, Double probability) {
}
