package dev.kpsim.mode.nftables.model;

import dev.kpsim.core.net.IpFamily;
import java.util.Optional;

/**
 * An nftables table family ({@code nft(8)} "ADDRESS FAMILIES"): which packets a table's base chains see. kube-proxy
 * writes {@code ip} (its IPv4 proxier) and {@code ip6} (its IPv6 proxier); CNIs also use {@code inet}, which sees
 * both. {@code arp}, {@code bridge} and {@code netdev} tables are kept but never see routed IP packets here.
 */
public enum NftFamily {
    IP("ip"), IP6("ip6"), INET("inet"), ARP("arp"), BRIDGE("bridge"), NETDEV("netdev");

    private final String keyword;

    NftFamily(String keyword) {
        this.keyword = keyword;
    }

    /** The word nft prints: {@code ip}, {@code ip6}, {@code inet}, ... */
    public String keyword() {
        return keyword;
    }

    /** Parses a family keyword; empty if unknown. */
    public static Optional<NftFamily> parse(String word) {
        for (NftFamily f : values()) {
            if (f.keyword.equals(word)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The table family kube-proxy's proxier for {@code family} writes. */
    public static NftFamily of(IpFamily family) {
        return family == IpFamily.IPV4 ? IP : IP6;
    }

    /** True if base chains of a table of this family see routed packets of {@code family}. */
    public boolean carries(IpFamily family) {
        return switch (this) {
            case IP -> family == IpFamily.IPV4;
            case IP6 -> family == IpFamily.IPV6;
            case INET -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return keyword;
    }
}
