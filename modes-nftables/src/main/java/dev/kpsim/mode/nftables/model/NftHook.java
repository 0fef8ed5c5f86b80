package dev.kpsim.mode.nftables.model;

import dev.kpsim.core.trace.Hook;
import java.util.Optional;

/**
 * A netfilter hook a base chain attaches to ({@code type T hook H priority P}). The five IP hooks map to the
 * trace's {@link Hook}; {@code ingress}/{@code egress} (netdev, inet) are kept but not simulated.
 */
public enum NftHook {
    PREROUTING("prerouting"), INPUT("input"), FORWARD("forward"), OUTPUT("output"), POSTROUTING("postrouting"),
    INGRESS("ingress"), EGRESS("egress");

    private final String keyword;

    NftHook(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static Optional<NftHook> parse(String word) {
        for (NftHook h : values()) {
            if (h.keyword.equals(word)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The trace hook, for the five IP hooks. */
    public Optional<Hook> traceHook() {
        return switch (this) {
            case PREROUTING -> Optional.of(Hook.PREROUTING);
            case INPUT -> Optional.of(Hook.INPUT);
            case FORWARD -> Optional.of(Hook.FORWARD);
            case OUTPUT -> Optional.of(Hook.OUTPUT);
            case POSTROUTING -> Optional.of(Hook.POSTROUTING);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return keyword;
    }
}
