/**
 * IPVS mode's packet path for the netfilter engine: {@link dev.kpsim.mode.ipvs.sim.IpvsSimulators} builds a node's
 * simulator (the iptables rules, {@link dev.kpsim.mode.ipvs.sim.IpsetIndex} for {@code -m set}, kube-ipvs0's addresses
 * as local ones, and {@link dev.kpsim.mode.ipvs.sim.IpvsInterceptor} scheduling, forwarding and un-NATing as
 * {@code net/netfilter/ipvs/ip_vs_core.c} does); {@link dev.kpsim.mode.ipvs.sim.IpvsRuntime} is the kernel state of a
 * run (schedulers' positions, connection table).
 */
package dev.kpsim.mode.ipvs.sim;
