package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpFamily;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * State shared by every line of one parse: the family, the collected diagnostics, and which unmodelled modules and
 * targets were already reported (each is reported once per input, at its first use). Mutable and confined to one
 * parse.
 */
final class ParseContext {
    private final IpFamily family;
    private final Diagnostics diagnostics;
    private final Set<String> reportedMatches = new HashSet<>();
    private final Set<String> reportedTargets = new HashSet<>();
    /** Values already built in this parse, for sharing equal immutable ones between rules. */
    private final Map<Object, Object> shared = new HashMap<>();

    ParseContext(IpFamily family, Diagnostics diagnostics) {
        this.family = family;
        this.diagnostics = diagnostics;
    }

    IpFamily family() {
        return family;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    /**
     * The value equal to {@code v} that this parse built first, or {@code v} itself. Matches, targets and counters
     * are immutable records that repeat across thousands of rules (every {@code -p tcp}, every {@code [0:0]}, each
     * endpoint count's {@code statistic} probability), so a large dump keeps one of each. (A jump to an existing
     * chain needs no entry here: it is that chain's own {@link ChainState#jumpTarget}.)
     */
    @SuppressWarnings("unchecked")
    <T> T shared(T v) {
        Object first = shared.putIfAbsent(v, v);
        return first == null ? v : (T) first;
    }

    /** Reports an unmodelled match module once per input. */
    void unsupportedMatch(String module, SourceLocation at) {
        if (reportedMatches.add(module)) {
            diagnostics.add(Diagnostic.unsupported(at, "unsupported-match", "match module '" + module
                    + "' is not modelled; its rules are kept verbatim and evaluated conservatively (may match)"));
        }
    }

    /** Reports an unmodelled target once per input. */
    void unsupportedTarget(String target, SourceLocation at) {
        if (reportedTargets.add(target)) {
            diagnostics.add(Diagnostic.unsupported(at, "unsupported-target", "target '" + target
                    + "' is not modelled; its rules are kept verbatim and evaluated conservatively"));
        }
    }
}
