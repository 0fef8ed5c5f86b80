package dev.kpsim.core.netfilter.engine;

/**
 * How many rules the kernel evaluates for one packet: {@code ipt_do_table} ({@code net/ipv4/netfilter/ip_tables.c})
 * looks at every rule of a chain in turn until one matches, so a packet pays for every rule before the one that
 * takes it, in every chain and table it passes. Counted over all paths a packet can take (random {@code statistic}
 * branches), weighted by their exact probabilities; rules a compiled index skips are counted as the kernel would
 * evaluate them.
 *
 * @param expected the mean over paths, weighted by probability
 * @param fewest   the fewest rules on any path
 * @param most     the most rules on any path
 * @param paths    the number of distinct paths explored
 */
public record RuleWalkCost(double expected, int fewest, int most, int paths) {
}
