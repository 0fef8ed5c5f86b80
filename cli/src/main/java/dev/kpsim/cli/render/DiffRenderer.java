package dev.kpsim.cli.render;

import dev.kpsim.core.analysis.diff.DiffEntry;
import dev.kpsim.core.analysis.diff.DiffKind;
import dev.kpsim.core.analysis.diff.DiffReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a {@link DiffReport}: one section per kind of difference (cells changed with their A and B values, drift with
 * the rules involved), rule count and evaluation cost, notes, and a last line saying whether the two sides behave
 * differently. JSON carries the same data.
 */
public final class DiffRenderer {
    private DiffRenderer() {
    }

    private static final Map<DiffKind, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put(DiffKind.REACHABILITY, "Reachability");
        TITLES.put(DiffKind.DISTRIBUTION, "Distribution");
        TITLES.put(DiffKind.MASQUERADE, "Masquerade / source address");
        TITLES.put(DiffKind.ESTABLISHED, "Established connections");
        TITLES.put(DiffKind.DRIFT, "Drift of the node's kube-proxy rules");
    }

    public static String text(DiffReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("kpsim diff\n  A: ").append(r.a()).append("\n  B: ").append(r.b()).append('\n');
        for (String n : r.notes()) {
            sb.append("  note: ").append(n).append('\n');
        }
        if (r.cells() > 0) {
            sb.append("  ").append(r.cells()).append(" reachability cell").append(r.cells() == 1 ? "" : "s")
                    .append(" compared (client -> frontend, exact outcomes)\n");
        }
        for (Map.Entry<DiffKind, String> t : TITLES.entrySet()) {
            List<DiffEntry> es = r.of(t.getKey());
            if (es.isEmpty()) {
                continue;
            }
            sb.append('\n').append(t.getValue()).append(" (").append(es.size()).append(")\n");
            for (DiffEntry e : es) {
                sb.append("  ").append(e.subject()).append('\n');
                if (t.getKey() == DiffKind.DRIFT) {
                    if (!e.before().isEmpty()) {
                        sb.append("    kube-proxy would write: ").append(e.before()).append('\n');
                    }
                    sb.append("    on the node: ").append(e.after()).append('\n');
                } else {
                    sb.append("    A: ").append(e.before()).append('\n');
                    sb.append("    B: ").append(e.after()).append('\n');
                }
                for (String l : e.lines()) {
                    sb.append("      ").append(l).append('\n');
                }
            }
        }
        sb.append('\n').append("Rules: ").append(r.rulesA()).append(" -> ").append(r.rulesB())
                .append(signed(r.rulesB() - r.rulesA())).append('\n');
        if (r.cells() > 0) {
            sb.append("Rules walked per new connection (mean): ").append(fmt(r.costA())).append(" -> ").append(fmt(r.costB())).append('\n');
            for (DiffEntry e : r.of(DiffKind.EVALUATION_COST)) {
                for (String l : e.lines()) {
                    sb.append("  ").append(l).append('\n');
                }
            }
        }
        sb.append('\n').append(summary(r)).append('\n');
        return sb.toString();
    }

    /** {@code diff: 3 semantic differences (reachability 2, distribution 1)} or {@code diff: no semantic difference}. */
    public static String summary(DiffReport r) {
        List<String> parts = new ArrayList<>();
        int total = 0;
        for (DiffKind k : DiffKind.values()) {
            if (k.semantic() && !r.of(k).isEmpty()) {
                parts.add(k.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + r.of(k).size());
                total += r.of(k).size();
            }
        }
        return total == 0 ? "diff: no semantic difference"
                : "diff: " + total + " semantic difference" + (total == 1 ? "" : "s") + " (" + String.join(", ", parts) + ")";
    }

    private static String signed(int d) {
        return d == 0 ? "" : d > 0 ? " (+" + d + ")" : " (" + d + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    public static String json(DiffReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("a", r.a());
        root.put("b", r.b());
        root.put("different", r.different());
        root.put("cells", r.cells());
        root.put("rules", Map.of("a", r.rulesA(), "b", r.rulesB()).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("a", round(r.costA()));
        cost.put("b", round(r.costB()));
        root.put("rulesWalkedPerNewConnection", cost);
        List<Object> entries = new ArrayList<>();
        for (DiffEntry e : r.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            m.put("subject", e.subject());
            m.put("a", e.before());
            m.put("b", e.after());
            m.put("lines", e.lines());
            entries.add(m);
        }
        root.put("differences", entries);
        root.put("notes", r.notes());
        return Json.write(root);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
