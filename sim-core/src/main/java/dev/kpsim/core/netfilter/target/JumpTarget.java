package dev.kpsim.core.netfilter.target;

/**
 * {@code -j CHAIN} (returns to the next rule when the chain ends or RETURNs) or {@code -g CHAIN} (goto: returns to
 * the caller's caller).
 */
public record JumpTarget(String chain, boolean isGoto) implements Target {
}
