/**
 * What a node's kernel remembers between packets, as the netfilter interpreter keeps it inside a
 * {@link dev.kpsim.core.engine.SimulationState} ({@link dev.kpsim.core.conntrack.NetfilterState}, one per node): the
 * conntrack table ({@link dev.kpsim.core.conntrack.ConntrackTable}: original and reply tuples, NAT flags, seen-reply,
 * connection mark, per-protocol {@link dev.kpsim.core.conntrack.ConntrackTimeouts}), the {@code xt_recent} lists
 * ({@link dev.kpsim.core.conntrack.RecentTable}) behind ClientIP session affinity, and the per-rule counters of
 * {@code statistic --mode nth} ({@link dev.kpsim.core.conntrack.NthCounters}).
 */
package dev.kpsim.core.conntrack;
