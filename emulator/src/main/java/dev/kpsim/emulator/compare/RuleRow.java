package dev.kpsim.emulator.compare;

/**
 * One iptables rule's kernel packet counter ({@code iptables-save -c}, the increment during one cell's traffic)
 * beside the simulator's hits on the same flows.
 *
 * @param position       1-based position in its chain
 * @param rule           the rule as {@code iptables-save} prints it
 * @param simulatorHits  how many of the cell's connections the simulator sends through this rule, on the path that
 *                       ends where the kernel's connection ended (fractional when several paths end there)
 * @param compared       whether the kernel's counter counts first packets only, so the two must agree: every nat
 *                       rule, and filter rules that match {@code --ctstate NEW} or sit in chains reached only through
 *                       such rules; other rules also count the connections' later packets and are shown for reading
 * @param agrees         for compared rules: equal counts, or within four standard deviations when the kernel's
 *                       attribution to paths is itself uncertain (several paths end at the same place)
 */
public record RuleRow(String table, String chain, int position, String rule, long kernelPackets, double simulatorHits,
                      boolean compared, boolean agrees) {
}
