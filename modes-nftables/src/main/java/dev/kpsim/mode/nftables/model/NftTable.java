package dev.kpsim.mode.nftables.model;

import dev.kpsim.core.diag.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * One nftables table: family, name, comment and flags, then its sets/maps and chains in the order the kernel
 * lists them (creation order), which is the order {@code nft list} prints.
 *
 * @param warning the comment line nft prints above the table, such as
 *                {@code # Warning: table ip nat is managed by iptables-nft, do not touch!}; null when none
 */
public record NftTable(NftFamily family, String name, String comment, List<String> flags, List<NftSet> sets,
                       List<NftChain> chains, String warning, SourceLocation location) {

    public NftTable {
        flags = List.copyOf(flags);
        sets = List.copyOf(sets);
        chains = List.copyOf(chains);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    public Optional<NftChain> chain(String chainName) {
        return chains.stream().filter(c -> c.name().equals(chainName)).findFirst();
    }

    public Optional<NftSet> set(String setName) {
        return sets.stream().filter(s -> s.name().equals(setName)).findFirst();
    }

    /** {@code ip kube-proxy}. */
    public String qualifiedName() {
        return family.keyword() + " " + name;
    }
}
