/**
 * What a data plane costs the kernel: {@link dev.kpsim.core.analysis.cost.RuleCensus} (chains and rules per table and
 * chain family, as kube-proxy's own rule-count test counts them) and
 * {@link dev.kpsim.core.analysis.cost.ConnectionCostModel} (rules evaluated and hash lookups per new connection:
 * iptables' linear KUBE-SERVICES walk against the hash tables of IPVS and nftables).
 */
package dev.kpsim.core.analysis.cost;
