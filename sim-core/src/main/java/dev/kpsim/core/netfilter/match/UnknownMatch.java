package dev.kpsim.core.netfilter.match;

import java.util.List;

/**
 * A match module kpsim does not model, kept verbatim ({@code -m MODULE args…}). The interpreter explores both
 * outcomes and marks results that depend on it as uncertain.
 */
public record UnknownMatch(String module, List<String> args) implements Match {
    public UnknownMatch {
        args = List.copyOf(args);
    }
}
