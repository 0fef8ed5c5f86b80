package dev.kpsim.core.netfilter.match;

/**
 * {@code -m physdev}: bridge-port conditions ({@code [!] --physdev-is-in}, {@code --physdev-is-out},
 * {@code --physdev-is-bridged}, {@code --physdev-in/out NAME}). Null Booleans/names are absent options; a
 * {@code true} value means present and not negated, {@code false} present and negated.
 */
public record PhysdevMatch(String physdevIn, boolean physdevInNegated, String physdevOut, boolean physdevOutNegated,
                           Boolean isIn, Boolean isOut, Boolean isBridged) implements Match {
}
