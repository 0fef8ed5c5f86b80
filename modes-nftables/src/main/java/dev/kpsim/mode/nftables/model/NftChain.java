package dev.kpsim.mode.nftables.model;

import dev.kpsim.core.diag.SourceLocation;
import java.util.List;

/**
 * A chain of a table: a base chain (attached to a hook, {@code base} set) or a regular chain reached only by
 * {@code jump}/{@code goto}/verdict maps ({@code base} null). kube-proxy's chain names may contain {@code /}.
 */
public record NftChain(String name, BaseChain base, String comment, List<NftRule> rules, SourceLocation location) {

    public NftChain {
        rules = List.copyOf(rules);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    public boolean isBase() {
        return base != null;
    }
}
