package dev.kpsim.cli.render;

import dev.kpsim.emulator.compare.AgreementReport;
import dev.kpsim.emulator.compare.CategoryRow;
import dev.kpsim.emulator.compare.CellReport;
import dev.kpsim.emulator.compare.RuleRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kpsim emulate} output. Text: a header, then per cell (frontend × client × hairpin mode) a table of where
 * the real connections ended beside the simulator's probabilities and the source the pods saw, the chi-square test,
 * the iptables rule counters beside the simulator's hits, the notes and disagreements; the hairpin experiment the same
 * way; a summary table and the verdict. JSON: the same data as one object.
 */
public final class EmulateRenderer {

    private EmulateRenderer() {
    }

    public static String text(AgreementReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("node ").append(r.node()).append(", ").append(r.mode()).append(" mode");
        if (!r.mode().equals("nftables")) {
            sb.append(" (iptables-").append(r.backend().flag()).append(")");
        }
        sb.append(", ").append(r.connections()).append(" connections per cell, seed ").append(r.seed()).append('\n');
        for (CellReport c : r.cells()) {
            sb.append('\n');
            cell(sb, c);
        }
        if (!r.hairpin().isEmpty()) {
            sb.append("\nhairpin: each pod backing a service connects to its own service under each kubelet hairpin mode\n");
            for (CellReport c : r.hairpin()) {
                sb.append('\n');
                cell(sb, c);
            }
        }
        sb.append("\nsummary\n");
        TextTable t = new TextTable("FRONTEND", "CLIENT", "HAIRPIN MODE", "KERNEL", "SIMULATOR", "P-VALUE", "RESULT").rightAlign(5);
        List<CellReport> all = new ArrayList<>(r.cells());
        all.addAll(r.hairpin());
        for (CellReport c : all) {
            t.row(c.frontend().describe(), c.client().label(), c.hairpinMode().flag(), kernelVerdicts(c), simulatorVerdicts(c),
                    p(c.pValue()), c.agrees() ? "agree" : "DISAGREE");
        }
        sb.append(t.render());
        for (String s : r.skipped()) {
            sb.append("skipped: ").append(s).append('\n');
        }
        long bad = all.stream().filter(c -> !c.agrees()).count();
        if (bad == 0) {
            sb.append("kernel and simulator agree on all ").append(all.size()).append(all.size() == 1 ? " cell" : " cells").append('\n');
        } else {
            sb.append("kernel and simulator DISAGREE on ").append(bad).append(" of ").append(all.size()).append(" cells:\n");
            for (CellReport c : all) {
                for (String d : c.disagreements()) {
                    sb.append("  ").append(c.title()).append(c.hairpin() ? " [hairpin mode " + c.hairpinMode().flag() + "]" : "")
                            .append(": ").append(d).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static void cell(StringBuilder sb, CellReport c) {
        sb.append(c.title()).append('\n');
        sb.append(c.connections()).append(" connections, hairpin mode ").append(c.hairpinMode().flag()).append('\n');
        TextTable t = new TextTable("ENDED AT", "KERNEL", "SHARE", "SIMULATOR", "POD SAW (KERNEL)", "POD SEES (SIMULATOR)").rightAlign(1, 2, 3);
        for (CategoryRow row : c.rows()) {
            t.row(row.label(), row.kernel(), f(row.kernelShare()), f(row.probability()), String.join(" ", row.kernelSources()),
                    String.join(" ", row.simulatedSources()));
        }
        sb.append(t.render());
        sb.append(c.degreesOfFreedom() == 0 && c.pValue() == 1.0
                ? "chi-square: a single possible end, nothing to test"
                : String.format(Locale.ROOT, "chi-square %s, %d degree%s of freedom, p-value %s", chi(c.chiSquare()),
                        c.degreesOfFreedom(), c.degreesOfFreedom() == 1 ? "" : "s", p(c.pValue())))
                .append(": ").append(c.agrees() ? "agree" : "DISAGREE").append('\n');
        if (!c.rules().isEmpty()) {
            TextTable rt = new TextTable("RULE COUNTER", "KERNEL", "SIMULATOR", "CHECK", "RULE").rightAlign(1, 2);
            for (RuleRow rr : c.rules()) {
                rt.row(rr.table() + " " + rr.chain() + " #" + rr.position(), rr.kernelPackets(), hits(rr.simulatorHits()),
                        !rr.compared() ? "later packets too" : rr.agrees() ? "equal" : "DIFFERENT",
                        rr.rule().replaceFirst("^-A \\S+ ", ""));
            }
            sb.append(rt.render());
        }
        for (String n : c.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        for (String d : c.disagreements()) {
            sb.append("DISAGREEMENT: ").append(d).append('\n');
        }
    }

    private static String kernelVerdicts(CellReport c) {
        long accepted = c.rows().stream().filter(r -> isPod(r.label())).mapToLong(CategoryRow::kernel).sum();
        List<String> parts = new ArrayList<>();
        if (accepted > 0) {
            parts.add("ACCEPT " + accepted);
        }
        c.rows().stream().filter(r -> !isPod(r.label()) && r.kernel() > 0).forEach(r -> parts.add(r.label() + " " + r.kernel()));
        return String.join(", ", parts);
    }

    private static String simulatorVerdicts(CellReport c) {
        double accepted = c.rows().stream().filter(r -> isPod(r.label())).mapToDouble(CategoryRow::probability).sum();
        List<String> parts = new ArrayList<>();
        if (accepted > 1e-9) {
            parts.add("ACCEPT " + f(accepted));
        }
        c.rows().stream().filter(r -> !isPod(r.label()) && r.probability() > 1e-9).forEach(r -> parts.add(r.label() + " " + f(r.probability())));
        return String.join(", ", parts);
    }

    private static boolean isPod(String label) {
        return !label.equals("DROP") && !label.equals("REJECT") && !label.equals("ERROR");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String p(double v) {
        return v >= 0.0001 || v == 0 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.2e", v);
    }

    private static String chi(double v) {
        return Double.isInfinite(v) ? "infinite" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String hits(double h) {
        return Math.abs(h - Math.rint(h)) < 1e-9 ? String.valueOf(Math.round(h)) : String.format(Locale.ROOT, "%.2f", h);
    }

    /** The report as JSON (non-finite numbers as null). */
    public static String json(AgreementReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", r.node());
        m.put("mode", r.mode());
        m.put("iptablesBackend", r.backend().flag());
        m.put("connections", r.connections());
        m.put("seed", r.seed());
        m.put("agree", r.agrees());
        m.put("cells", r.cells().stream().map(EmulateRenderer::cellJson).toList());
        m.put("hairpin", r.hairpin().stream().map(EmulateRenderer::cellJson).toList());
        m.put("skipped", r.skipped());
        m.put("notes", r.notes());
        return Json.write(m);
    }

    private static Map<String, Object> cellJson(CellReport c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> fe = new LinkedHashMap<>();
        fe.put("kind", c.frontend().kind().words());
        fe.put("servicePort", c.frontend().servicePort());
        fe.put("protocol", c.frontend().protocol().name());
        fe.put("address", c.frontend().address().toString());
        m.put("frontend", fe);
        Map<String, Object> cl = new LinkedHashMap<>();
        cl.put("kind", c.client().kind().name());
        cl.put("source", c.client().source().describe());
        cl.put("address", c.client().address().toString());
        m.put("client", cl);
        m.put("hairpinMode", c.hairpinMode().flag());
        m.put("hairpin", c.hairpin());
        m.put("connections", c.connections());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CategoryRow row : c.rows()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("endedAt", row.label());
            x.put("kernel", row.kernel());
            x.put("kernelShare", row.kernelShare());
            x.put("simulatorProbability", row.probability());
            x.put("kernelSources", row.kernelSources());
            x.put("simulatorSources", row.simulatedSources());
            rows.add(x);
        }
        m.put("rows", rows);
        m.put("chiSquare", finite(c.chiSquare()));
        m.put("degreesOfFreedom", c.degreesOfFreedom());
        m.put("pValue", finite(c.pValue()));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleRow rr : c.rules()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("table", rr.table());
            x.put("chain", rr.chain());
            x.put("position", rr.position());
            x.put("rule", rr.rule());
            x.put("kernelPackets", rr.kernelPackets());
            x.put("simulatorHits", rr.simulatorHits());
            x.put("compared", rr.compared());
            x.put("agree", rr.agrees());
            rules.add(x);
        }
        m.put("ruleCounters", rules);
        m.put("agree", c.agrees());
        m.put("disagreements", c.disagreements());
        m.put("notes", c.notes());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
