package dev.kpsim.mode.nftables.model;

import java.util.List;
import java.util.Optional;

/**
 * What {@code nft list ruleset} shows: every table of a node, in the kernel's order. Immutable and safe to share
 * between threads; produced by kube-proxy generation or by parsing a dump, consumed by the printers and the
 * interpreter.
 */
public record NftRuleset(List<NftTable> tables) {

    public NftRuleset {
        tables = List.copyOf(tables);
    }

    public Optional<NftTable> table(NftFamily family, String name) {
        return tables.stream().filter(t -> t.family() == family && t.name().equals(name)).findFirst();
    }
}
