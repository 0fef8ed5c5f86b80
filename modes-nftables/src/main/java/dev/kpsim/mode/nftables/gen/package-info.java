/**
 * kube-proxy's nftables proxier as a pure function: a node's view of services and endpoints to the table kube-proxy
 * writes on a full sync, in the layout of a chosen {@link dev.kpsim.mode.nftables.gen.NftFlavour}.
 */
package dev.kpsim.mode.nftables.gen;
