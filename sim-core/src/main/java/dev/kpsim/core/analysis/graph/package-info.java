/**
 * Chain graphs and lint. An adapter turns a data plane's rules into a mode-neutral
 * {@link dev.kpsim.core.analysis.graph.RuleGraphSource} ({@link dev.kpsim.core.analysis.graph.IptablesGraphSource} for
 * iptables rulesets; the CLI adapts nftables); {@link dev.kpsim.core.analysis.graph.ChainGraph} builds the JGraphT graph
 * (chains as vertices, jumps as edges with match and probability, per-service ownership);
 * {@link dev.kpsim.core.analysis.graph.GraphLint} finds dangling jumps, unused chains, loops and rules that can never
 * match; {@link dev.kpsim.core.analysis.graph.DotRenderer}, {@link dev.kpsim.core.analysis.graph.GraphJsonRenderer} and
 * {@link dev.kpsim.core.analysis.graph.LintTextRenderer} print them.
 */
package dev.kpsim.core.analysis.graph;
