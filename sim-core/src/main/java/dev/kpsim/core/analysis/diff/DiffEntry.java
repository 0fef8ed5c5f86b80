package dev.kpsim.core.analysis.diff;

import java.util.List;

/**
 * One difference: its kind, what it concerns (a cell {@code client -> frontend}, a chain, a flow), the value on side A
 * and on side B (in words), and supporting lines (rules only on one side, the classification of drift).
 */
public record DiffEntry(DiffKind kind, String subject, String before, String after, List<String> lines) {
    public DiffEntry {
        lines = List.copyOf(lines);
    }
}
