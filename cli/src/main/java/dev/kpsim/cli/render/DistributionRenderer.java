package dev.kpsim.cli.render;

import dev.kpsim.core.analysis.distribution.CategoryStat;
import dev.kpsim.core.analysis.distribution.ConnectionTiming;
import dev.kpsim.core.analysis.distribution.DistributionReport;
import dev.kpsim.core.analysis.distribution.ExactBasis;
import dev.kpsim.core.analysis.distribution.TimeDistribution;
import dev.kpsim.core.analysis.distribution.GoodnessOfFit;
import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.trace.render.DistributionJsonRenderer;
import dev.kpsim.core.trace.render.DistributionTextRenderer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kpsim simulate} output: per frontend, a table of where new connections went — per endpoint (with the pod
 * behind it, when the cluster is known) the exact probability, the observed count and share with its 95% interval —
 * then the chi-square goodness of fit of observed against exact.
 */
public final class DistributionRenderer {
    private DistributionRenderer() {
    }

    /** One simulated frontend: what it is, and its report. */
    public record FrontendRun(String frontend, String description, DistributionReport report) {
    }

    public static String text(List<FrontendRun> runs, Optional<Cluster> cluster) {
        return text(runs, cluster, ConnectionTiming.INSTANT);
    }

    /** The text with the workload's time model named under each header when it is not all-at-once. */
    public static String text(List<FrontendRun> runs, Optional<Cluster> cluster, ConnectionTiming timing) {
        StringBuilder sb = new StringBuilder();
        Map<IpAddress, String> pods = podNames(cluster);
        for (FrontendRun run : runs) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            DistributionReport r = run.report();
            sb.append(run.frontend()).append(run.description().isEmpty() ? "" : "  (" + run.description() + ")").append('\n');
            sb.append(r.connections()).append(" new connections from ").append(r.template().source())
                    .append(", entering at ").append(r.entry()).append(", seed ").append(r.seed()).append('\n');
            if (!timing.equals(ConnectionTiming.INSTANT)) {
                sb.append("timing: ").append(timing.interval().equals(TimeDistribution.ZERO) ? "all at once"
                        : "one every " + timing.interval()).append(timing.plansLifetimes()
                        ? ", each open for " + timing.duration() : ", first packets only").append('\n');
            }
            TextTable t = new TextTable("ENDPOINT", "POD", "EXACT", "OBSERVED", "SHARE", "95% INTERVAL").rightAlign(2, 3, 4);
            for (CategoryStat s : r.rows()) {
                t.row(s.category().label(), pod(pods, s.category().destination()), f(s.exactProbability()),
                        s.observed(), f(s.share()), "[" + f(s.lower95()) + ", " + f(s.upper95()) + "]");
            }
            sb.append(t.render());
            GoodnessOfFit fit = r.fit();
            sb.append("chi-square ").append(String.format(Locale.ROOT, "%.4f", fit.statistic())).append(", ")
                    .append(fit.degreesOfFreedom()).append(fit.degreesOfFreedom() == 1 ? " degree" : " degrees")
                    .append(" of freedom, p-value ").append(Double.isNaN(fit.pValue()) ? "-" : String.format(Locale.ROOT, "%.4f", fit.pValue()))
                    .append(fit.degreesOfFreedom() == 0 ? " (a single possible outcome: nothing to test)" : "").append('\n');
            if (r.uncertain()) {
                sb.append("note: some outcomes depend on constructs kpsim does not model; their probabilities are uncertain\n");
            }
            if (r.exactBasis() == ExactBasis.SEQUENCE) {
                sb.append(DistributionTextRenderer.SEQUENCE_NOTE).append('\n');
            }
        }
        return sb.toString();
    }

    /** A JSON array with one object per frontend: its name, description, and the core distribution report. */
    public static String json(List<FrontendRun> runs) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Object> out = new java.util.ArrayList<>();
        for (FrontendRun run : runs) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("frontend", run.frontend());
            m.put("description", run.description());
            try {
                m.put("report", mapper.readTree(DistributionJsonRenderer.render(run.report())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("the distribution report is not valid JSON", e);
            }
            out.add(m);
        }
        return Json.write(out);
    }

    /**
     * The pod owning each address, as {@link Cluster#podByIp} answers (the first pod in order, host-network pods
     * excluded), indexed once: one scan per endpoint row would make 10,000 frontends over 100,000 pods quadratic.
     */
    private static Map<IpAddress, String> podNames(Optional<Cluster> cluster) {
        Map<IpAddress, String> out = new HashMap<>();
        cluster.ifPresent(c -> c.pods().stream().filter(p -> !p.hostNetwork())
                .forEach(p -> p.ips().forEach(ip -> out.putIfAbsent(ip, p.name()))));
        return out;
    }

    private static String pod(Map<IpAddress, String> pods, HostPort dst) {
        return dst == null ? "" : pods.getOrDefault(dst.ip(), "");
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6f", v);
    }
}
