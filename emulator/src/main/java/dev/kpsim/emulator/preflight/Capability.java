package dev.kpsim.emulator.preflight;

/**
 * One thing the emulator may need from the machine. {@link PreflightProbe} checks each; an experiment asks only
 * for those its request uses (for example {@link #IPTABLES_NFT} only with the nft backend).
 */
public enum Capability {
    /** Effective uid 0: creating namespaces and links needs CAP_SYS_ADMIN and CAP_NET_ADMIN. */
    ROOT("running as root"),
    /** {@code ip} from iproute2 on PATH. */
    IP("the ip command (package iproute2)"),
    /** {@code ip netns add} works (kernel network namespaces and a writable /run/netns). */
    NETNS("network namespaces (ip netns add)"),
    /** {@code sysctl} (procps), used through {@code ip netns exec} to set per-namespace sysctls. */
    SYSCTL("the sysctl command (package procps)"),
    /** {@code net.bridge.bridge-nf-call-iptables} exists inside a fresh namespace (br_netfilter loaded or built in). */
    BR_NETFILTER("br_netfilter (net.bridge.bridge-nf-call-iptables)"),
    /** iptables-legacy-restore / -save for IPv4. */
    IPTABLES_LEGACY("iptables-legacy-restore and iptables-legacy-save (package iptables)"),
    /** iptables-nft-restore / -save for IPv4. */
    IPTABLES_NFT("iptables-nft-restore and iptables-nft-save (package iptables)"),
    /** ip6tables-legacy-restore / -save. */
    IP6TABLES_LEGACY("ip6tables-legacy-restore and ip6tables-legacy-save (package iptables)"),
    /** ip6tables-nft-restore / -save. */
    IP6TABLES_NFT("ip6tables-nft-restore and ip6tables-nft-save (package iptables)"),
    /** {@code nft} (package nftables), for nftables-mode rulesets. */
    NFT("the nft command (package nftables)"),
    /**
     * {@code nfacct} (package nfacct): creates the extended-accounting objects that kube-proxy's
     * {@code -m nfacct --nfacct-name …} rules (v1.29+) count into; needed only by payloads that use them.
     */
    NFACCT("the nfacct command (package nfacct)"),
    /** {@code conntrack} (package conntrack): optional, for reading connection-tracking entries. */
    CONNTRACK("the conntrack command (package conntrack)"),
    /** The kernel's IPVS ({@code /proc/net/ip_vs}). */
    IPVS("IPVS in the kernel (/proc/net/ip_vs)");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** What it is, in words, for messages. */
    public String description() {
        return description;
    }
}
