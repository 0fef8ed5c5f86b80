package dev.kpsim.scenarios.raw;

import dev.kpsim.core.diag.SourceLocation;

/**
 * A top-level scenario section kpsim's loader preserves without interpreting it (for example {@code traffic:} or
 * {@code expect:}), with the location of its key.
 */
public record RawSection(String name, RawNode value, SourceLocation location) {
}
