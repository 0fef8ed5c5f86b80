package dev.kpsim.core.analysis.doctor;

import java.util.List;

/** The doctor's walk-through for one Service ({@code namespace/name}) on one node: its steps in order. */
public record ServiceDiagnosis(String service, List<DoctorStep> steps) {
    public ServiceDiagnosis {
        steps = List.copyOf(steps);
    }

    /** The worst step status. */
    public StepStatus status() {
        StepStatus s = StepStatus.SKIP;
        for (DoctorStep d : steps) {
            s = StepStatus.worst(s, d.status());
        }
        return s;
    }
}
