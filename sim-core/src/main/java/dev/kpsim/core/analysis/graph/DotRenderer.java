package dev.kpsim.core.analysis.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link ChainGraph} in Graphviz DOT: one cluster per table, inside it one cluster per service (port) holding
 * that service's chains and their verdicts; base chains shaded, gotos dashed, jumps to missing chains red, verdicts as
 * notes (DNAT green, DROP/REJECT red, MASQUERADE amber). Edge labels carry the rule number, its match and its
 * probability; chain labels say what kube-proxy uses the chain for. Chains with neither rules nor edges (empty
 * built-in chains, canaries) are left out of the drawing and counted in the title. Chains with lint findings get an
 * orange border. Deterministic.
 */
public final class DotRenderer {
    private DotRenderer() {
    }

    /** Labels are wrapped at this many characters per line. */
    static final int WRAP = 48;

    public static String render(ChainGraph g, String title, List<LintFinding> findings) {
        Map<String, Integer> lintCount = new LinkedHashMap<>();
        for (LintFinding f : findings) {
            lintCount.merge(f.table() + ":" + f.chain(), 1, Integer::sum);
        }
        List<ChainGraph.Vertex> drawn = new ArrayList<>();
        int hidden = 0;
        for (ChainGraph.Vertex v : g.vertices()) {
            if (g.graph().degreeOf(v) == 0 && v.rules() == 0) {
                hidden++;
            } else {
                drawn.add(v);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("digraph kpsim {\n");
        String fullTitle = title + (hidden == 0 ? "" : "\n(" + hidden + " empty chain" + (hidden == 1 ? "" : "s")
                + " without jumps not drawn)");
        sb.append("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, nodesep=0.25, ranksep=0.6, label=")
                .append(quote(fullTitle)).append("];\n");
        sb.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f7f7f7\", color=\"#888888\", fontname=\"Helvetica\", fontsize=10];\n");
        sb.append("  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\"];\n");
        Map<String, Map<String, List<ChainGraph.Vertex>>> byTable = new LinkedHashMap<>();
        for (ChainGraph.Vertex v : drawn) {
            byTable.computeIfAbsent(v.table(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(v.service() == null ? "" : v.service(), s -> new ArrayList<>()).add(v);
        }
        int tableNo = 0;
        for (Map.Entry<String, Map<String, List<ChainGraph.Vertex>>> t : byTable.entrySet()) {
            tableNo++;
            sb.append("  subgraph ").append(quote("cluster_t" + tableNo)).append(" {\n");
            sb.append("    label=").append(quote("table " + t.getKey())).append("; style=\"rounded\"; color=\"#bbbbbb\";\n");
            int serviceNo = 0;
            for (Map.Entry<String, List<ChainGraph.Vertex>> s : t.getValue().entrySet()) {
                String indent = "    ";
                if (!s.getKey().isEmpty()) {
                    serviceNo++;
                    sb.append("    subgraph ").append(quote("cluster_t" + tableNo + "_s" + serviceNo)).append(" {\n");
                    sb.append("      label=").append(quote(s.getKey())).append("; style=\"rounded,filled\"; ")
                            .append("fillcolor=\"#eef4fb\"; color=\"#9db7d5\";\n");
                    indent = "      ";
                }
                for (ChainGraph.Vertex v : s.getValue()) {
                    sb.append(indent).append(quote(v.id())).append(" [").append(attributes(v, lintCount.getOrDefault(v.id(), 0)))
                            .append("];\n");
                }
                if (!s.getKey().isEmpty()) {
                    sb.append("    }\n");
                }
            }
            sb.append("  }\n");
        }
        Set<String> drawnIds = new LinkedHashSet<>();
        drawn.forEach(v -> drawnIds.add(v.id()));
        for (ChainGraph.Edge e : g.edges()) {
            if (!drawnIds.contains(e.from()) || !drawnIds.contains(e.to())) {
                continue;
            }
            ChainGraph.Vertex to = g.vertex(e.to()).orElseThrow();
            StringBuilder label = new StringBuilder("#").append(e.rule());
            if (!e.label().isEmpty()) {
                label.append(' ').append(e.label());
            }
            if (e.probability() != null && e.probability() < 1) {
                label.append("\np=").append(String.format(Locale.ROOT, "%.4f", e.probability()));
            }
            sb.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to())).append(" [label=")
                    .append(quote(wrap(label.toString())));
            if (e.isGoto()) {
                sb.append(", style=dashed");
            }
            if (to.kind() == ChainGraph.VertexKind.MISSING) {
                sb.append(", color=\"#c0392b\", fontcolor=\"#c0392b\"");
            }
            sb.append("];\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static String attributes(ChainGraph.Vertex v, int lint) {
        StringBuilder label = new StringBuilder();
        StringBuilder attrs = new StringBuilder();
        switch (v.kind()) {
            case BASE -> {
                label.append(v.chain()).append("\npolicy ").append(v.policy() == null ? "?" : v.policy());
                attrs.append("fillcolor=\"#dfe9f5\", color=\"#5b7fa8\"");
            }
            case CHAIN -> {
                label.append(v.chain());
                if (v.description() != null) {
                    label.append('\n').append(v.description());
                }
                label.append('\n').append(v.rules()).append(v.rules() == 1 ? " rule" : " rules");
            }
            case MISSING -> {
                label.append(v.chain()).append("\n(missing)");
                attrs.append("style=\"rounded,dashed\", color=\"#c0392b\", fontcolor=\"#c0392b\"");
            }
            case VERDICT -> {
                label.append(v.description());
                String d = v.description().toUpperCase(Locale.ROOT);
                String fill = d.startsWith("DNAT") || d.startsWith("REDIRECT") ? "#e3f4e1"
                        : d.startsWith("DROP") || d.startsWith("REJECT") ? "#f9dede" : "#fff3d6";
                attrs.append("shape=note, style=filled, fillcolor=\"").append(fill).append("\", fontsize=9");
            }
        }
        if (lint > 0) {
            label.append("\nlint: ").append(lint).append(lint == 1 ? " finding" : " findings");
            attrs.append(attrs.length() == 0 ? "" : ", ").append("penwidth=2, color=\"#d9822b\"");
        }
        return "label=" + quote(wrap(label.toString())) + (attrs.length() == 0 ? "" : ", " + attrs);
    }

    /** Wraps each line of {@code s} at {@link #WRAP} characters on spaces. */
    static String wrap(String s) {
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            String rest = line;
            while (rest.length() > WRAP) {
                int cut = rest.lastIndexOf(' ', WRAP);
                if (cut <= 0) {
                    cut = WRAP;
                }
                out.append(rest, 0, cut).append('\n');
                rest = rest.substring(cut).stripLeading();
            }
            out.append(rest);
        }
        return out.toString();
    }

    /** A DOT double-quoted string: backslash and quote escaped, newlines as {@code \n}. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
