/**
 * Reachability: which clients reach which service frontends, and how.
 * {@link dev.kpsim.core.analysis.reach.ReachModel} derives the clients (pods by node, hosts, external clients per
 * arrival node, inside and outside loadBalancerSourceRanges) and frontends (ClusterIP, NodePort per node address,
 * external IP, load-balancer IP, health-check node port) from the cluster;
 * {@link dev.kpsim.core.analysis.reach.ReachAnalysis} runs each pair through the simulators' exact {@code outcomes}
 * on per-node data planes ({@link dev.kpsim.core.analysis.reach.NodeTargets}) into a
 * {@link dev.kpsim.core.analysis.reach.ReachMatrix}, marking black holes with their cause and replies that would
 * bypass the translating node; {@link dev.kpsim.core.analysis.reach.ReachTextRenderer} and
 * {@link dev.kpsim.core.analysis.reach.ReachJsonRenderer} print it.
 */
package dev.kpsim.core.analysis.reach;
