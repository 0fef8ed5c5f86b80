package dev.kpsim.core.netfilter.target;

import java.util.List;

/**
 * A target kpsim does not model ({@code -j CT}, {@code -j TPROXY}, ...), kept verbatim. The interpreter treats it
 * conservatively: it explores "continues" and "terminates" and marks results uncertain.
 */
public record UnknownTarget(String name, List<String> args) implements Target {
    public UnknownTarget {
        args = List.copyOf(args);
    }
}
