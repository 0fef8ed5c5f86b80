package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.match.RandomMatch;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Findings about iptables mode's probability cascades ({@code writeServiceToEndpointRules}): rule j of a chain with
 * n endpoints matches with probability 1/(n-j), written with {@code %0.5f} before v1.17 and {@code %0.10f} since
 * (PR #83599). With 5 decimals 1/k and 1/(k+1) print the same from k = 319 on (so from 320 endpoints in one
 * chain: 1/320 and 1/319 are both 0.00313); such repeats are reported with the
 * shares they cause. A 5-decimal probability on a node expected to run v1.17+ is reported as an older release's rule.
 */
public final class ProbabilityFindings {
    private ProbabilityFindings() {
    }

    /** 2^31, the kernel's probability scale. */
    private static final double SCALE = RandomMatch.SCALE;

    /** Findings of {@code subject}'s probability cascades. */
    public static List<Finding> find(NodeSubject subject) {
        List<Finding> out = new ArrayList<>();
        ChainOrigins origins = new ChainOrigins(subject.views());
        List<String> fiveDecimal = new ArrayList<>();
        for (Ruleset rs : subject.rules().iptables()) {
            for (Chain c : rs.table("nat").map(t -> t.chains()).orElse(List.of())) {
                List<Rule> cascade = new ArrayList<>();
                for (Rule r : c.rules()) {
                    if (IptablesRules.jump(r).isPresent() && !IptablesRules.hasRecentCheck(r)
                            && IptablesRules.jump(r).get().startsWith("KUBE-SEP-")) {
                        cascade.add(r);
                    }
                }
                if (cascade.size() < 2) {
                    continue;
                }
                repeats(rs, c, cascade, origins.of(c.name()).map(o -> o.entry().info().name().serviceKey()).orElse("")).ifPresent(out::add);
                for (Rule r : cascade) {
                    IptablesRules.statistic(r).filter(m -> fiveDecimalOrigin(m.kernelValue()))
                            .ifPresent(m -> fiveDecimal.add(IptablesRules.line(c.name(), r, rs.family())));
                }
            }
        }
        if (!fiveDecimal.isEmpty() && subject.expectedVersion().atLeast(1, 17)) {
            List<String> lines = fiveDecimal.size() > 5 ? new ArrayList<>(fiveDecimal.subList(0, 5)) : new ArrayList<>(fiveDecimal);
            if (fiveDecimal.size() > 5) {
                lines.add("... and " + (fiveDecimal.size() - 5) + " more");
            }
            out.add(new Finding(FindingKind.OLDER_VERSION_RULES, "probabilities", "", fiveDecimal.size()
                    + (fiveDecimal.size() == 1 ? " probability was" : " probabilities were")
                    + " written with 5 decimals (kube-proxy before v1.17), expected v"
                    + subject.expectedVersion() + "'s 10", lines));
        }
        return out;
    }

    private static java.util.Optional<Finding> repeats(Ruleset rs, Chain c, List<Rule> cascade, String service) {
        int n = cascade.size();
        double[] p = new double[n];
        long[] v = new long[n];
        for (int j = 0; j < n; j++) {
            var m = IptablesRules.statistic(cascade.get(j));
            v[j] = m.map(RandomMatch::kernelValue).orElse(-1L);
            p[j] = m.map(RandomMatch::probability).orElse(1.0);
        }
        List<String> lines = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        for (int j = 0; j + 1 < n - 1; j++) {
            if (v[j] >= 0 && v[j] == v[j + 1]) {
                String a = IptablesRules.line(c.name(), cascade.get(j), rs.family());
                String b = IptablesRules.line(c.name(), cascade.get(j + 1), rs.family());
                if (!lines.contains(a)) {
                    lines.add(a);
                }
                lines.add(b);
                pairs.add("1/" + (n - j) + " and 1/" + (n - j - 1));
            }
        }
        if (pairs.isEmpty()) {
            return java.util.Optional.empty();
        }
        double rest = 1.0;
        double min = 1;
        double max = 0;
        for (int j = 0; j < n; j++) {
            double share = rest * (j == n - 1 ? 1.0 : p[j]);
            rest *= 1 - (j == n - 1 ? 1.0 : p[j]);
            min = Math.min(min, share);
            max = Math.max(max, share);
        }
        String shown = pairs.size() > 4 ? String.join(", ", pairs.subList(0, 4)) + " and " + (pairs.size() - 4) + " more"
                : String.join(", ", pairs);
        if (lines.size() > 8) {
            int more = lines.size() - 8;
            lines = new ArrayList<>(lines.subList(0, 8));
            lines.add("... and " + more + " more");
        }
        return java.util.Optional.of(new Finding(FindingKind.PROBABILITY_REPEATS, c.name(), service, c.name() + " balances over "
                + n + " endpoints; " + pairs.size() + " probabilit" + (pairs.size() == 1 ? "y repeats" : "ies repeat")
                + " (" + shown + " print alike), so endpoint shares range from "
                + String.format(Locale.ROOT, "%.4f%% to %.4f%% instead of %.4f%% each", min * 100, max * 100, 100.0 / n), lines));
    }

    /** True if the kernel value is what {@code %0.5f} of some 1/k gives, and {@code %0.10f} of it would not. */
    static boolean fiveDecimalOrigin(long kernelValue) {
        if (kernelValue <= 0) {
            return false;
        }
        long k = Math.round(SCALE / kernelValue);
        for (long kk = Math.max(2, k - 1); kk <= k + 1; kk++) {
            long v5 = kernel(new BigDecimal(1.0 / kk).setScale(5, RoundingMode.HALF_EVEN));
            long v10 = kernel(new BigDecimal(1.0 / kk).setScale(10, RoundingMode.HALF_EVEN));
            if (v5 == kernelValue && v10 != kernelValue) {
                return true;
            }
        }
        return false;
    }

    private static long kernel(BigDecimal p) {
        return (long) Math.floor(p.doubleValue() * SCALE + 0.5);
    }
}
