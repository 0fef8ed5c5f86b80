package dev.kpsim.core.analysis.doctor;

import java.util.List;

/**
 * What {@code kpsim doctor} found on one node: the walk-through per Service and the named findings.
 *
 * @param subject what was examined ({@code hostnames.yaml}, {@code iptables-save node.txt})
 */
public record DoctorReport(String subject, String node, String mode, List<ServiceDiagnosis> services,
                           List<Finding> findings) {
    public DoctorReport {
        services = List.copyOf(services);
        findings = List.copyOf(findings);
    }

    /** True when no step failed. */
    public boolean passed() {
        return services.stream().noneMatch(s -> s.status() == StepStatus.FAIL);
    }

    /** Number of steps with the given status over all Services. */
    public long count(StepStatus status) {
        return services.stream().flatMap(s -> s.steps().stream()).filter(d -> d.status() == status).count();
    }
}
