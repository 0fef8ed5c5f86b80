package dev.kpsim.cli.render;

import dev.kpsim.core.analysis.doctor.DoctorReport;
import dev.kpsim.core.analysis.doctor.DoctorStep;
import dev.kpsim.core.analysis.doctor.Finding;
import dev.kpsim.core.analysis.doctor.ServiceDiagnosis;
import dev.kpsim.core.analysis.doctor.StepStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a {@link DoctorReport}: per Service the numbered walk-through steps with a plain status word ({@code ok},
 * {@code warn}, {@code FAIL}, {@code skip} — the same on every terminal) and their evidence, then the findings with
 * their offending lines and explanation, then a one-line summary. JSON carries the same data.
 */
public final class DoctorRenderer {
    private DoctorRenderer() {
    }

    public static String text(DoctorReport r, boolean explain) {
        StringBuilder sb = new StringBuilder();
        sb.append("kpsim doctor: node ").append(r.node()).append(", ").append(r.mode()).append(" mode, ")
                .append(r.subject()).append("\n");
        for (ServiceDiagnosis s : r.services()) {
            sb.append("\nService ").append(s.service()).append('\n');
            int n = 1;
            for (DoctorStep step : s.steps()) {
                sb.append("  ").append(pad(step.status())).append(n++).append(". ").append(step.title()).append('\n');
                for (DoctorStep.Detail d : step.details()) {
                    sb.append("          ").append(pad(d.status())).append(d.text()).append('\n');
                }
            }
        }
        if (!r.findings().isEmpty()) {
            sb.append("\nFindings\n");
            for (Finding f : r.findings()) {
                sb.append("  ").append(f.kind().severity().name().toLowerCase(Locale.ROOT)).append(' ')
                        .append(f.kind().id()).append(": ").append(f.message()).append('\n');
                for (String line : f.lines()) {
                    sb.append("      ").append(line).append('\n');
                }
                if (explain) {
                    for (String line : Wrap.wrap(f.kind().explanation(), 96)) {
                        sb.append("    ").append(line).append('\n');
                    }
                }
            }
        }
        sb.append('\n').append(summary(r)).append('\n');
        return sb.toString();
    }

    /** {@code doctor: 6 steps ok, 0 warn, 0 FAIL, 0 skip; 0 findings}. */
    public static String summary(DoctorReport r) {
        return "doctor: " + r.count(StepStatus.OK) + " ok, " + r.count(StepStatus.WARN) + " warn, "
                + r.count(StepStatus.FAIL) + " FAIL, " + r.count(StepStatus.SKIP) + " skip; " + r.findings().size()
                + " finding" + (r.findings().size() == 1 ? "" : "s") + (r.passed() ? "" : " (a step failed)");
    }

    private static String pad(StepStatus s) {
        String w = s.word();
        return w + " ".repeat(6 - w.length());
    }

    public static String json(DoctorReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("subject", r.subject());
        root.put("node", r.node());
        root.put("mode", r.mode());
        root.put("passed", r.passed());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (StepStatus s : StepStatus.values()) {
            counts.put(s.name().toLowerCase(Locale.ROOT), r.count(s));
        }
        root.put("steps", counts);
        List<Object> services = new ArrayList<>();
        for (ServiceDiagnosis s : r.services()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", s.service());
            m.put("status", s.status().name().toLowerCase(Locale.ROOT));
            List<Object> steps = new ArrayList<>();
            for (DoctorStep step : s.steps()) {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("id", step.id());
                st.put("title", step.title());
                st.put("status", step.status().name().toLowerCase(Locale.ROOT));
                List<Object> details = new ArrayList<>();
                for (DoctorStep.Detail d : step.details()) {
                    Map<String, Object> dm = new LinkedHashMap<>();
                    dm.put("status", d.status().name().toLowerCase(Locale.ROOT));
                    dm.put("text", d.text());
                    details.add(dm);
                }
                st.put("details", details);
                steps.add(st);
            }
            m.put("steps", steps);
            services.add(m);
        }
        root.put("services", services);
        List<Object> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.kind().id());
            m.put("severity", f.kind().severity().name().toLowerCase(Locale.ROOT));
            m.put("title", f.kind().title());
            m.put("subject", f.subject());
            m.put("service", f.service());
            m.put("message", f.message());
            m.put("lines", f.lines());
            m.put("explanation", f.kind().explanation());
            findings.add(m);
        }
        root.put("findings", findings);
        return Json.write(root);
    }
}
