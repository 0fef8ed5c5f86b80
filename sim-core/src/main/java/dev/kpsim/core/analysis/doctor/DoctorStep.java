package dev.kpsim.core.analysis.doctor;

import java.util.List;

/**
 * One step of the Debug Services walk-through for one Service: a stable id ({@code exists}, {@code endpoints},
 * {@code ready}, {@code rules}, {@code traffic}, {@code hairpin}), the question it answers, its status, and the
 * evidence, one line each.
 */
public record DoctorStep(String id, String title, StepStatus status, List<Detail> details) {
    public DoctorStep {
        details = List.copyOf(details);
    }

    /** One piece of evidence with its own status. */
    public record Detail(StepStatus status, String text) {
    }

    /** A step whose status is the worst of its details (SKIP when it has none). */
    public static DoctorStep of(String id, String title, List<Detail> details) {
        StepStatus s = StepStatus.SKIP;
        for (Detail d : details) {
            s = StepStatus.worst(s, d.status());
        }
        return new DoctorStep(id, title, s, details);
    }
}
