package dev.kpsim.core.analysis.diff;

import dev.kpsim.core.analysis.doctor.Delivery;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kpsim diff}: compares two nodes' data planes by what they do, not by their text — the reachability matrix
 * cell by cell (ends, shares, masquerade), rule counts and rules walked per new connection, and, against a real
 * node's dump, the drift of its kube-proxy rules ({@link Drift}). The sides may differ in scenario, mode, kube-proxy
 * version, events, or be a scenario and a dump. Pure.
 */
public final class SemanticDiff {
    private SemanticDiff() {
    }

    /** Shares closer than this are equal (exact outcomes are products of a few doubles). */
    static final double EPSILON = 1e-9;

    public static DiffReport compare(NodeSubject a, NodeSubject b) {
        Reachability matrix = Reachability.of(a, b);
        List<Cell> cellsA = matrix.cells(a);
        List<Cell> cellsB = matrix.cells(b);
        List<DiffEntry> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (NodeSubject s : List.of(a, b)) {
            if (s.simulator().isEmpty()) {
                notes.add("kpsim cannot simulate " + s.mode() + " mode yet: reachability of " + s.label() + " not compared");
            }
        }
        boolean simulated = a.simulator().isPresent() && b.simulator().isPresent();
        if (simulated) {
            entries.addAll(compareCells(cellsA, cellsB));
        }
        if (a.mode().equals(b.mode()) && (a.isDump() || b.isDump())) {
            entries.addAll(Drift.compare(a, b));
        }
        int rulesA = a.rules().ruleCount();
        int rulesB = b.rules().ruleCount();
        if (rulesA != rulesB) {
            entries.add(new DiffEntry(DiffKind.RULE_COUNT, "rules", String.valueOf(rulesA), String.valueOf(rulesB), List.of()));
        }
        double costA = mean(cellsA);
        double costB = mean(cellsB);
        if (simulated && Math.abs(costA - costB) > 1e-6) {
            entries.add(new DiffEntry(DiffKind.EVALUATION_COST, "rules walked per new connection (mean over "
                    + cellsA.size() + " cells)", fmt(costA), fmt(costB), costLines(cellsA, cellsB)));
        }
        return new DiffReport(a.label(), b.label(), simulated ? cellsA.size() : 0, rulesA, rulesB, costA, costB, entries, notes);
    }

    /** Cell-by-cell differences: reachability, distribution, masquerade (cells keyed by client and frontend). */
    public static List<DiffEntry> compareCells(List<Cell> before, List<Cell> after) {
        Map<String, Cell> b = new LinkedHashMap<>();
        after.forEach(c -> b.put(c.key(), c));
        List<DiffEntry> out = new ArrayList<>();
        for (Cell x : before) {
            Cell y = b.get(x.key());
            if (y == null) {
                continue;
            }
            Delivery dx = x.delivery();
            Delivery dy = y.delivery();
            if (!dx.ends().equals(dy.ends())) {
                out.add(new DiffEntry(DiffKind.REACHABILITY, x.key(), dx.summary(), dy.summary(), List.of()));
            } else if (!sameShares(dx, dy)) {
                int d = 1;
                while (d < 9 && dx.summary(d).equals(dy.summary(d))) {
                    d++;
                }
                out.add(new DiffEntry(DiffKind.DISTRIBUTION, x.key(), dx.summary(d), dy.summary(d), List.of()));
            } else if (!sameMasquerade(dx, dy)) {
                out.add(new DiffEntry(DiffKind.MASQUERADE, x.key(), dx.summary(), dy.summary(), List.of()));
            }
        }
        return out;
    }

    private static boolean sameShares(Delivery a, Delivery b) {
        for (String end : a.ends()) {
            double pa = a.shares().stream().filter(s -> s.key().equals(end)).mapToDouble(Delivery.Share::probability).sum();
            double pb = b.shares().stream().filter(s -> s.key().equals(end)).mapToDouble(Delivery.Share::probability).sum();
            if (Math.abs(pa - pb) > EPSILON) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameMasquerade(Delivery a, Delivery b) {
        if (a.shares().size() != b.shares().size()) {
            return false;
        }
        for (int i = 0; i < a.shares().size(); i++) {
            Delivery.Share x = a.shares().get(i);
            Delivery.Share y = b.shares().get(i);
            if (x.masquerade() != y.masquerade() || !java.util.Objects.equals(x.newSource(), y.newSource())) {
                return false;
            }
        }
        return true;
    }

    private static double mean(List<Cell> cells) {
        return cells.stream().mapToDouble(Cell::rulesWalked).average().orElse(0);
    }

    /** The cells whose cost changed most (up to five), for the cost entry. */
    private static List<String> costLines(List<Cell> a, List<Cell> b) {
        Map<String, Cell> bb = new LinkedHashMap<>();
        b.forEach(c -> bb.put(c.key(), c));
        List<String[]> rows = new ArrayList<>();
        for (Cell x : a) {
            Cell y = bb.get(x.key());
            if (y != null && Math.abs(x.rulesWalked() - y.rulesWalked()) > 1e-6) {
                rows.add(new String[] {x.key(), fmt(x.rulesWalked()), fmt(y.rulesWalked()),
                        String.valueOf(Math.abs(x.rulesWalked() - y.rulesWalked()))});
            }
        }
        rows.sort((r1, r2) -> Double.compare(Double.parseDouble(r2[3]), Double.parseDouble(r1[3])));
        List<String> out = new ArrayList<>();
        for (String[] r : rows.subList(0, Math.min(5, rows.size()))) {
            out.add(r[0] + ": " + r[1] + " -> " + r[2]);
        }
        return out;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
