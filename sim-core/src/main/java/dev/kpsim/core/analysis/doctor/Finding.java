package dev.kpsim.core.analysis.doctor;

import java.util.List;

/**
 * One named finding about a node's rules: which kind (stable id, severity, explanation), what it concerns (a
 * service port, a chain, a virtual server), the Service it traces back to ({@code namespace/name}, empty when it
 * traces to none), a one-line statement specific to this case, and the offending lines as the node's own tool
 * prints them.
 */
public record Finding(FindingKind kind, String subject, String service, String message, List<String> lines) {
    public Finding {
        lines = List.copyOf(lines);
    }
}
