package dev.kpsim.core.analysis.distribution;

import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * Compares exact outcome probabilities with observed counts: per category the share and its 95% Wilson score
 * interval (commons-math3 {@code WilsonScoreInterval}), and a chi-square goodness-of-fit test over all categories
 * (commons-math3 {@code ChiSquareTest}). Usable for any data plane: give it the {@code outcomes} of a first
 * connection and the counts of sampled ones. O(categories).
 */
public final class DistributionStatistics {
    private static final double CONFIDENCE = 0.95;

    private DistributionStatistics() {
    }

    public static DistributionReport compare(Packet template, EntryPoint entry, long seed, List<Outcome> exact,
                                             Map<Category, Long> observed, int connections) {
        Map<Category, Double> p = new TreeMap<>();
        boolean uncertain = false;
        for (Outcome o : exact) {
            p.merge(Category.of(o), o.probability(), Double::sum);
            uncertain |= o.uncertain();
        }
        return compare(template, entry, seed, p, uncertain, ExactBasis.FIRST_CONNECTION, observed, connections);
    }

    /**
     * The same comparison against exact shares given per category (summing to 1), e.g. those of a deterministic
     * sequence ({@link ExactBasis#SEQUENCE}).
     */
    public static DistributionReport compare(Packet template, EntryPoint entry, long seed, Map<Category, Double> p,
                                             boolean uncertain, ExactBasis basis, Map<Category, Long> observed,
                                             int connections) {
        TreeMap<Category, Long> counts = new TreeMap<>(observed);
        for (Category c : p.keySet()) {
            counts.putIfAbsent(c, 0L);
        }
        List<CategoryStat> rows = new ArrayList<>();
        WilsonScoreInterval wilson = new WilsonScoreInterval();
        for (Map.Entry<Category, Long> e : counts.entrySet()) {
            long n = e.getValue();
            double exactP = p.getOrDefault(e.getKey(), 0.0);
            double share = connections == 0 ? Double.NaN : (double) n / connections;
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (connections > 0) {
                ConfidenceInterval ci = wilson.createInterval(connections, (int) n, CONFIDENCE);
                // the Wilson bounds are exactly 0 with no successes and 1 with no failures
                lo = n == 0 ? 0.0 : Math.max(0.0, ci.getLowerBound());
                hi = n == connections ? 1.0 : Math.min(1.0, ci.getUpperBound());
            }
            rows.add(new CategoryStat(e.getKey(), exactP, n, share, lo, hi));
        }
        return new DistributionReport(template, entry, connections, seed, rows, fit(rows), uncertain, basis);
    }

    static GoodnessOfFit fit(List<CategoryStat> rows) {
        List<CategoryStat> positive = new ArrayList<>();
        for (CategoryStat r : rows) {
            if (r.exactProbability() > 0) {
                positive.add(r);
            } else if (r.observed() > 0) {
                return new GoodnessOfFit(Double.POSITIVE_INFINITY, Math.max(0, rows.size() - 1), 0.0);
            }
        }
        long total = 0;
        for (CategoryStat r : positive) {
            total += r.observed();
        }
        if (positive.size() < 2 || total == 0) {
            return new GoodnessOfFit(0.0, 0, 1.0);
        }
        double[] expected = new double[positive.size()];
        long[] obs = new long[positive.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = positive.get(i).exactProbability() * total;
            obs[i] = positive.get(i).observed();
        }
        ChiSquareTest test = new ChiSquareTest();
        return new GoodnessOfFit(test.chiSquare(expected, obs), expected.length - 1, test.chiSquareTest(expected, obs));
    }
}
