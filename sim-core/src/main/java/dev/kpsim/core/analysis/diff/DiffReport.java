package dev.kpsim.core.analysis.diff;

import java.util.List;

/**
 * The semantic difference between two nodes' data planes A and B: reachability cells that changed, distribution
 * shifts, masquerade changes, established flows after events, drift of a real node's rules, rule count and evaluation
 * cost. {@code notes} say what could not be compared (a mode kpsim cannot simulate yet).
 *
 * @param cells number of reachability cells compared (0 when a side cannot be simulated)
 */
public record DiffReport(String a, String b, int cells, int rulesA, int rulesB, double costA, double costB,
                         List<DiffEntry> entries, List<String> notes) {
    public DiffReport {
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
    }

    /** True if any difference changes what traffic does (or a dump drifts). */
    public boolean different() {
        return entries.stream().anyMatch(e -> e.kind().semantic());
    }

    public List<DiffEntry> of(DiffKind kind) {
        return entries.stream().filter(e -> e.kind() == kind).toList();
    }
}
