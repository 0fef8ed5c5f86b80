package dev.kpsim.core.trace.render;

import dev.kpsim.core.analysis.distribution.CategoryStat;
import dev.kpsim.core.analysis.distribution.DistributionReport;
import dev.kpsim.core.analysis.distribution.ExactBasis;
import dev.kpsim.core.analysis.distribution.GoodnessOfFit;
import java.util.Locale;

/**
 * Renders a {@link DistributionReport} as a table: per endpoint (and drop / reject) the exact probability, the
 * observed count and share and its 95% interval, then the chi-square statistic and p-value, and a note when the
 * exact shares are those of a deterministic sequence.
 */
public final class DistributionTextRenderer {
    /**
     * Said under a report whose exact shares come from the sequence of connections ({@link ExactBasis#SEQUENCE}):
     * a deterministic scheduler, or session affinity.
     */
    public static final String SEQUENCE_NOTE = "note: each connection's exact distribution depends on the earlier ones"
            + " (a deterministic scheduler, or session affinity): exact is the mean, over the sequence of connections,"
            + " of the probability just before each";

    private DistributionTextRenderer() {
    }

    public static String render(DistributionReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("DISTRIBUTION: ").append(r.template().protocol().lower()).append(' ').append(r.template().sourceHostPort().ip())
                .append(" > ").append(r.template().destinationHostPort()).append(", entering at ").append(r.entry())
                .append(", ").append(r.connections()).append(" new connections, seed ").append(r.seed()).append('\n');
        int w = "endpoint".length();
        for (CategoryStat s : r.rows()) {
            w = Math.max(w, s.category().label().length());
        }
        sb.append(pad("endpoint", w)).append("  ").append(pad("exact", 10)).append("  ").append(pad("observed", 10))
                .append("  ").append(pad("share", 10)).append("  95% interval\n");
        for (CategoryStat s : r.rows()) {
            sb.append(pad(s.category().label(), w)).append("  ").append(pad(f(s.exactProbability()), 10)).append("  ")
                    .append(pad(Long.toString(s.observed()), 10)).append("  ").append(pad(f(s.share()), 10)).append("  [")
                    .append(f(s.lower95())).append(", ").append(f(s.upper95())).append("]\n");
        }
        GoodnessOfFit fit = r.fit();
        sb.append("chi-square ").append(String.format(Locale.ROOT, "%.4f", fit.statistic())).append(" with ")
                .append(fit.degreesOfFreedom()).append(fit.degreesOfFreedom() == 1 ? " degree" : " degrees")
                .append(" of freedom, p-value ").append(String.format(Locale.ROOT, "%.4f", fit.pValue())).append('\n');
        if (r.uncertain()) {
            sb.append("note: some outcomes depend on constructs kpsim does not model; their probabilities are uncertain\n");
        }
        if (r.exactBasis() == ExactBasis.SEQUENCE) {
            sb.append(SEQUENCE_NOTE).append('\n');
        }
        return sb.toString();
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String pad(String s, int w) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < w) {
            sb.append(' ');
        }
        return sb.toString();
    }
}
