package dev.kpsim.emulator.compare;

import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.emulator.rules.CounterSnapshot;
import dev.kpsim.emulator.rules.RuleCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's per-rule packet counters for one cell's traffic beside the simulator's hits on the same flows. For each
 * real connection the simulator's paths that end where the kernel's connection ended are taken (weighted by their
 * probability among those), and every rule they match counts a hit. Rules are keyed by table, chain and position, so
 * the ruleset in the kernel must be the one the simulator runs (the fidelity tests check that).
 *
 * <p>The kernel counts every packet a rule matches, the simulator follows each connection's first packet. The two
 * must agree for rules only first packets reach — every rule of the {@code nat} table (consulted only for a
 * connection's first packet), rules that match {@code --ctstate NEW}, and rules of chains reached only through such
 * rules; the others are listed for reading. When some connection ended where the simulator gives no path (a
 * disagreement reported on its own), no rule is compared: the kernel counted a path the simulator cannot name.
 */
final class RuleComparison {

    private static final Pattern TARGET = Pattern.compile("\\s-[jg]\\s+(\\S+)");

    private RuleComparison() {
    }

    /** Hits for text: whole numbers plainly, fractions with two decimals. */
    static String hits(double h) {
        return Math.abs(h - Math.rint(h)) < 1e-9 ? String.valueOf(Math.round(h)) : String.format(Locale.ROOT, "%.2f", h);
    }

    /**
     * @param retransmits SYN retransmissions the client made: each is one more new connection the kernel counted (and
     *                    chose an endpoint for again) that the simulator did not follow, so a compared rule may count up
     *                    to that many packets more than the simulator's hits
     */
    static List<RuleRow> compare(CounterSnapshot counters, List<String> observed, List<List<Outcome>> predicted,
                                 Function<Outcome, String> label, long retransmits) {
        if (counters.rules().isEmpty()) {
            return List.of();
        }
        Map<String, Double> hits = new HashMap<>();
        Map<String, Double> variance = new HashMap<>();
        boolean attributable = true;
        for (int i = 0; i < observed.size(); i++) {
            String obs = observed.get(i);
            List<Outcome> matching = predicted.get(i).stream().filter(o -> label.apply(o).equals(obs)).toList();
            double total = matching.stream().mapToDouble(Outcome::probability).sum();
            if (total <= 0) {
                attributable = false;
                continue;
            }
            // per rule: the expected number of times this connection's packet matches it, and the variance of that
            // number over the paths that end where the kernel's connection ended
            Map<String, Double> mean = new HashMap<>();
            Map<String, Double> square = new HashMap<>();
            for (Outcome o : matching) {
                double w = o.probability() / total;
                Map<String, Integer> times = new HashMap<>();
                for (Step s : o.hops()) {
                    if (s instanceof Step.RuleStep r) {
                        times.merge(key(r.table(), r.chain(), r.ruleNumber()), 1, Integer::sum);
                    }
                }
                times.forEach((k, n) -> {
                    mean.merge(k, w * n, Double::sum);
                    square.merge(k, w * n * n, Double::sum);
                });
            }
            mean.forEach((k, m) -> {
                hits.merge(k, m, Double::sum);
                variance.merge(k, Math.max(0, square.get(k) - m * m), Double::sum);
            });
        }
        Set<String> firstOnly = firstPacketOnly(counters);
        List<RuleRow> rows = new ArrayList<>();
        for (RuleCounter c : counters.rules()) {
            String k = key(c.table(), c.chain(), c.position());
            double h = hits.getOrDefault(k, 0.0);
            if (c.packets() == 0 && h == 0) {
                continue;
            }
            boolean compared = attributable && firstOnly.contains(k);
            double tolerance = Math.max(0.5, 4 * Math.sqrt(variance.getOrDefault(k, 0.0)));
            double diff = c.packets() - h;
            rows.add(new RuleRow(c.table(), c.chain(), c.position(), c.rule(), c.packets(), h, compared,
                    !compared || (diff > -tolerance && diff < tolerance + retransmits)));
        }
        return rows;
    }

    private static String key(String table, String chain, int position) {
        return table + "\u0000" + chain + "\u0000" + position;
    }

    /**
     * The rules only a connection's first packet reaches: all of {@code nat}; elsewhere a rule matching
     * {@code --ctstate NEW} (and no other state), or any rule of a user chain every jump to which is such a rule.
     */
    static Set<String> firstPacketOnly(CounterSnapshot counters) {
        Set<String> out = new HashSet<>();
        Map<String, List<RuleCounter>> jumpsTo = new LinkedHashMap<>();
        Set<String> chains = new HashSet<>();
        for (RuleCounter c : counters.rules()) {
            chains.add(c.table() + "\u0000" + c.chain());
            Matcher m = TARGET.matcher(" " + c.rule());
            String target = null;
            while (m.find()) {
                target = m.group(1);
            }
            if (target != null) {
                jumpsTo.computeIfAbsent(c.table() + "\u0000" + target, t -> new ArrayList<>()).add(c);
            }
        }
        Set<String> onlyNew = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String chain : chains) {
                if (onlyNew.contains(chain)) {
                    continue;
                }
                List<RuleCounter> in = jumpsTo.getOrDefault(chain, List.of());
                if (!in.isEmpty() && in.stream().allMatch(j -> newOnly(j) || onlyNew.contains(j.table() + "\u0000" + j.chain()))) {
                    onlyNew.add(chain);
                    changed = true;
                }
            }
        }
        for (RuleCounter c : counters.rules()) {
            if (c.table().equals("nat") || newOnly(c) || onlyNew.contains(c.table() + "\u0000" + c.chain())) {
                out.add(key(c.table(), c.chain(), c.position()));
            }
        }
        return out;
    }

    private static boolean newOnly(RuleCounter c) {
        return c.rule().contains("--ctstate NEW ") && !c.rule().contains("! --ctstate NEW");
    }
}
