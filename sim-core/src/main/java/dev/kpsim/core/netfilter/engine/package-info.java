/**
 * The netfilter interpreter: runs packets through an iptables {@link dev.kpsim.core.netfilter.Ruleset} the way the
 * Linux kernel does.
 *
 * <ul>
 *   <li>{@link dev.kpsim.core.netfilter.engine.NetfilterSimulator} — the {@link dev.kpsim.core.engine.Simulator} of
 *   one node: {@code trace} (one seeded path, updating conntrack, {@code recent} lists and nth counters) and
 *   {@code outcomes} (every path with its exact probability, state untouched).</li>
 *   <li>{@link dev.kpsim.core.netfilter.engine.CompiledRuleset} — the ruleset prepared for evaluation, optionally with
 *   a first-match-preserving index per chain; {@link dev.kpsim.core.netfilter.engine.CompiledRuleset#linear} is the
 *   reference interpreter.</li>
 *   <li>Inside: {@code PacketWalk} (hooks, routing, conntrack, chain walk), {@code MatchEvaluator} (the {@code xt_*}
 *   matches), {@code NatTargets}, {@code ChainIndex}, {@code Interfaces} (the node's routes and interfaces).</li>
 *   <li>{@link dev.kpsim.core.netfilter.engine.PacketInterceptor} — a kernel subsystem or local socket taking packets
 *   over at LOCAL_IN, LOCAL_OUT, FORWARD or the socket layer (IPVS, the userspace proxier), answering with an
 *   {@link dev.kpsim.core.netfilter.engine.Interception} (rewrite, re-inject from LOCAL_OUT, end, hand-off to a second
 *   leg) from what its {@link dev.kpsim.core.netfilter.engine.InterceptContext} tells it.</li>
 *   <li>{@link dev.kpsim.core.netfilter.engine.IpsetLookup} — the caller's ipsets for {@code -m set};
 *   {@link dev.kpsim.core.netfilter.engine.EntryPoints} — OUTPUT for the node's own sources, else PREROUTING;
 *   {@link dev.kpsim.core.netfilter.engine.RuleText} — rule lines for traces.</li>
 * </ul>
 */
package dev.kpsim.core.netfilter.engine;
