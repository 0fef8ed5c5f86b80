/**
 * The nftables interpreter: {@link dev.kpsim.mode.nftables.engine.NftSimulator} runs packets through every table's
 * base chains hook by hook, with conntrack, NAT, verdict maps, sets, {@code numgen} branches and dynamic sets.
 */
package dev.kpsim.mode.nftables.engine;
