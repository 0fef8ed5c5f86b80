package dev.kpsim.mode.nftables.model;

import java.util.Optional;

/**
 * A base chain's type ({@code nft(8)} "CHAINS"): {@code filter}; {@code nat}, consulted only for the first packet of
 * a connection and only until one NAT chain of the hook sets up a binding; {@code route}, a filter chain on output
 * that re-routes when marks or addresses change.
 */
public enum ChainType {
    FILTER("filter"), NAT("nat"), ROUTE("route");

    private final String keyword;

    ChainType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static Optional<ChainType> parse(String word) {
        for (ChainType t : values()) {
            if (t.keyword.equals(word)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
