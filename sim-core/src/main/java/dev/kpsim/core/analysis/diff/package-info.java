/**
 * {@code kpsim diff}: what-if analysis by behaviour. {@link dev.kpsim.core.analysis.diff.SemanticDiff} compares two
 * {@link dev.kpsim.core.analysis.doctor.NodeSubject}s (two scenarios, two modes, two kube-proxy versions, a scenario
 * and a real node's dump) over a shared reachability matrix ({@link dev.kpsim.core.analysis.diff.Reachability}) plus
 * rule counts, evaluation cost and — against a dump — {@link dev.kpsim.core.analysis.diff.Drift};
 * {@link dev.kpsim.core.analysis.diff.EventReplay} replays {@link dev.kpsim.core.analysis.diff.ClusterEvent}s with the
 * node's conntrack and affinity state kept, so established connections show stale-conntrack effects.
 */
package dev.kpsim.core.analysis.diff;
