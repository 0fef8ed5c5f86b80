package dev.kpsim.emulator.compare;

import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.emulator.experiment.ConnectionRecord;
import dev.kpsim.emulator.experiment.EmulationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Compares one cell's real connections with the simulator's per-connection predictions: where they ended (pods,
 * DROP, REJECT) with a Pearson chi-square test of the kernel's counts against the expected counts (the sum of each
 * connection's exact probabilities, commons-math3 {@code ChiSquareTest}), the source address each answering pod saw
 * (masquerading), and, for iptables, the rule counters ({@link RuleComparison}). O(connections × outcomes).
 */
final class CellComparison {

    /** What the simulator predicts a pod sees as source when a masquerade's address is not known. */
    static final String NODE = "node";

    private CellComparison() {
    }

    /**
     * @param observed  the kernel's label per connection, in record order
     * @param predicted the simulator's outcomes per connection, in the same order
     * @param nodeOwned the node under test's own addresses (node addresses and bridge gateways)
     */
    static CellReport compare(Frontend frontend, Client client, HairpinMode mode, boolean hairpin, EmulationResult kernel,
                              List<String> observed, List<List<Outcome>> predicted, Function<Outcome, String> label,
                              Set<IpAddress> nodeOwned, List<String> notes) {
        int n = observed.size();
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Double> expected = new TreeMap<>();
        Map<String, Set<String>> seen = new TreeMap<>();
        Map<String, Set<String>> simulatedSources = new TreeMap<>();
        Map<String, Integer> sourceMismatches = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String obs = observed.get(i);
            counts.merge(obs, 1L, Long::sum);
            Set<String> predictedHere = new TreeSet<>();
            for (Outcome o : predicted.get(i)) {
                String l = label.apply(o);
                expected.merge(l, o.probability(), Double::sum);
                String src = o.masquerade() ? (o.newSource() == null ? NODE : o.newSource().toString()) : client.address().toString();
                if (Categories.isPod(l)) {
                    simulatedSources.computeIfAbsent(l, k -> new TreeSet<>()).add(src);
                }
                if (l.equals(obs)) {
                    predictedHere.add(src);
                }
            }
            ConnectionRecord r = kernel.connections().get(i);
            if (r.answered() && r.seenPeer() != null) {
                IpAddress peer = r.seenPeer().ip();
                seen.computeIfAbsent(obs, k -> new TreeSet<>()).add(peer.toString());
                boolean ok = predictedHere.isEmpty() || predictedHere.contains(peer.toString())
                        || (predictedHere.contains(NODE) && nodeOwned.contains(peer));
                if (!ok) {
                    sourceMismatches.merge(obs + " saw " + peer + " where the simulator gives " + String.join(" or ", predictedHere),
                            1, Integer::sum);
                }
            }
        }
        sourceMismatches.forEach((what, k) -> disagreements.add(k + " connection" + (k == 1 ? "" : "s") + ": " + what));

        Set<String> labels = new TreeSet<>(ORDER);
        labels.addAll(counts.keySet());
        expected.forEach((l, e) -> {
            if (e > 1e-12) {
                labels.add(l);
            }
        });
        List<CategoryRow> rows = new ArrayList<>();
        for (String l : labels) {
            long k = counts.getOrDefault(l, 0L);
            double e = expected.getOrDefault(l, 0.0);
            rows.add(new CategoryRow(l, k, n == 0 ? 0 : k / (double) n, n == 0 ? 0 : e / n,
                    List.copyOf(seen.getOrDefault(l, Set.of())), List.copyOf(simulatedSources.getOrDefault(l, Set.of()))));
        }

        double chi = 0;
        int df = 0;
        double p = 1;
        boolean impossible = false;
        for (String l : counts.keySet()) {
            if (expected.getOrDefault(l, 0.0) <= 1e-12) {
                impossible = true;
                disagreements.add("the kernel ended " + counts.get(l) + " connection" + (counts.get(l) == 1 ? "" : "s") + " at "
                        + l + ", which the simulator gives probability 0");
            }
        }
        List<String> positive = labels.stream().filter(l -> expected.getOrDefault(l, 0.0) > 1e-12).toList();
        if (impossible) {
            p = 0;
            chi = Double.POSITIVE_INFINITY;
            df = Math.max(0, labels.size() - 1);
        } else if (positive.size() >= 2 && n > 0) {
            double[] e = new double[positive.size()];
            long[] o = new long[positive.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = expected.get(positive.get(i));
                o[i] = counts.getOrDefault(positive.get(i), 0L);
            }
            ChiSquareTest test = new ChiSquareTest();
            chi = test.chiSquare(e, o);
            p = test.chiSquareTest(e, o);
            df = e.length - 1;
            if (p < CellReport.P_THRESHOLD) {
                disagreements.add(String.format(Locale.ROOT,
                        "the kernel's spread differs from the simulator's: chi-square %.2f with %d degrees of freedom, p = %.2g < %s",
                        chi, df, p, CellReport.P_THRESHOLD));
            }
        }
        List<RuleRow> rules = RuleComparison.compare(kernel.counters(), observed, predicted, label, kernel.synRetransmits());
        if (kernel.synRetransmits() > 0) {
            notes = new ArrayList<>(notes);
            notes.add(kernel.synRetransmits() + " SYN retransmission" + (kernel.synRetransmits() == 1 ? "" : "s")
                    + " left the client after its timeout (it closed late): each is a new connection the kernel's counters "
                    + "include and the simulator does not follow");
        }
        for (RuleRow r : rules) {
            if (r.compared() && !r.agrees()) {
                disagreements.add(String.format(Locale.ROOT, "%s %s rule %d (%s): the kernel counted %d packets, the simulator %s",
                        r.table(), r.chain(), r.position(), r.rule(), r.kernelPackets(), RuleComparison.hits(r.simulatorHits())));
            }
        }
        return new CellReport(frontend, client, mode, hairpin, n, rows, chi, df, p, rules, disagreements, notes, kernel);
    }

    /** Pods by name first, then DROP, REJECT, ERROR. */
    static final Comparator<String> ORDER = Comparator.comparingInt((String l) -> switch (l) {
        case Categories.DROP -> 1;
        case Categories.REJECT -> 2;
        case Categories.ERROR -> 3;
        default -> 0;
    }).thenComparing(Comparator.naturalOrder());
}
