package dev.kpsim.core.analysis.reach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders a {@link ReachMatrix} for people: the frontends, a compact matrix (one row per client, one column per
 * frontend, short cell codes) when it fits in {@link #MAX_MATRIX_WIDTH} columns, then one block per frontend listing the
 * clients whose connections end identically together with every share, and last the black holes and refusals with
 * their reasons. Deterministic.
 */
public final class ReachTextRenderer {
    private ReachTextRenderer() {
    }

    /** Wider matrices are left out (the per-frontend blocks carry the same information). */
    public static final int MAX_MATRIX_WIDTH = 160;

    public static String render(ReachMatrix m) {
        StringBuilder sb = new StringBuilder();
        sb.append("REACHABILITY: ").append(m.mode()).append(" mode; rules of ")
                .append(m.nodes().isEmpty() ? "no node" : String.join(", ", m.nodes()))
                .append("; exact shares per cell (no sampling)\n");
        sb.append("  ").append(m.frontends().size()).append(m.frontends().size() == 1 ? " frontend, " : " frontends, ")
                .append(m.clients().size()).append(m.clients().size() == 1 ? " client" : " clients")
                .append(": pods and hosts send from their own node; external clients' packets arrive at the node named\n");
        if (m.cells().stream().anyMatch(c -> c.basis() == dev.kpsim.core.analysis.distribution.ExactBasis.SEQUENCE)) {
            sb.append("  ").append(m.mode()).append(" chooses deterministically: a cell is the spread of ").append(Spread.SEQUENCE)
                    .append(" successive new connections, 4 h apart\n");
        }
        if (m.frontends().isEmpty()) {
            sb.append("\nNo service frontends.\n");
            return sb.toString();
        }
        sb.append("\nFRONTENDS\n");
        for (ReachFrontend f : m.frontends()) {
            sb.append("  ").append(pad(f.id(), idWidth(m))).append("  ").append(f.describe()).append('\n');
        }
        matrix(sb, m);
        for (ReachFrontend f : m.frontends()) {
            block(sb, m, f);
        }
        problems(sb, m, true);
        problems(sb, m, false);
        return sb.toString();
    }

    private static int idWidth(ReachMatrix m) {
        return m.frontends().stream().mapToInt(f -> f.id().length()).max().orElse(2);
    }

    // ------------------------------------------------------------------ matrix

    /** The short code of a cell ({@code 3 ep m}, {@code DROP!}, …); {@code -} when the pair does not apply. */
    public static String code(Optional<ReachCell> cell) {
        if (cell.isEmpty()) {
            return "-";
        }
        ReachCell c = cell.get();
        boolean uncertain = c.shares().stream().anyMatch(ReachShare::uncertain);
        boolean via = c.shares().stream().anyMatch(s -> s.viaNode() != null);
        String base = switch (c.summary()) {
            case REACHES -> c.endpointCount() + " ep" + masq(c);
            case PARTIAL -> c.endpointCount() + " ep" + masq(c) + (c.blackHole().isPresent() ? " +DROP!" : " +REJECT");
            case BLACK_HOLE -> "DROP!";
            case REJECTED -> "REJECT";
            case NO_RULE -> "pass";
            case NODE -> "node";
            case MIXED -> "mixed";
        };
        boolean bypass = c.shares().stream().anyMatch(x -> x.replyBypass() != null);
        return (uncertain ? "~" : "") + base + (bypass ? " r" : "") + (via ? "^" : "");
    }

    private static String masq(ReachCell c) {
        List<ReachShare> eps = c.shares().stream().filter(s -> s.fate() == ReachShare.Fate.ENDPOINT).toList();
        long masq = eps.stream().filter(ReachShare::masquerade).count();
        return masq == 0 ? "" : masq == eps.size() ? " M" : " m";
    }

    private static void matrix(StringBuilder sb, ReachMatrix m) {
        int nodeW = Math.max(4, m.clients().stream().mapToInt(c -> c.node().length()).max().orElse(4));
        int nameW = Math.max(6, m.clients().stream().mapToInt(c -> c.name().length()).max().orElse(6));
        List<Integer> widths = new ArrayList<>();
        for (ReachFrontend f : m.frontends()) {
            int w = f.id().length();
            for (ReachClient c : m.clients()) {
                w = Math.max(w, code(m.cell(c.id(), f.id())).length());
            }
            widths.add(w);
        }
        int total = 2 + nodeW + 2 + nameW + widths.stream().mapToInt(w -> w + 2).sum();
        sb.append("\nMATRIX");
        if (total > MAX_MATRIX_WIDTH) {
            sb.append(": ").append(m.frontends().size()).append(" columns do not fit in ").append(MAX_MATRIX_WIDTH)
                    .append(" characters; see each frontend below (--output json has every cell)\n");
            return;
        }
        sb.append("  n ep: reaches n endpoints (M: all masqueraded, m: some)  DROP!: black hole  REJECT: refused\n")
                .append("        pass: leaves untranslated  node: delivered to the node  ^: decided on another node\n")
                .append("        r: some replies bypass the translating node (not masqueraded): those connections fail\n")
                .append("        ~: uncertain  -: does not apply (external clients reach a node port only where they arrive)\n");
        StringBuilder head = new StringBuilder("  ").append(pad("node", nodeW)).append("  ").append(pad("client", nameW));
        for (int i = 0; i < m.frontends().size(); i++) {
            head.append("  ").append(pad(m.frontends().get(i).id(), widths.get(i)));
        }
        sb.append(head.toString().stripTrailing()).append('\n');
        for (ReachClient c : m.clients()) {
            StringBuilder row = new StringBuilder("  ").append(pad(c.node(), nodeW)).append("  ").append(pad(c.name(), nameW));
            for (int i = 0; i < m.frontends().size(); i++) {
                row.append("  ").append(pad(code(m.cell(c.id(), m.frontends().get(i).id())), widths.get(i)));
            }
            sb.append(row.toString().stripTrailing()).append('\n');
        }
    }

    // ------------------------------------------------------------------ per-frontend blocks

    private static void block(StringBuilder sb, ReachMatrix m, ReachFrontend f) {
        sb.append('\n').append(f.id()).append("  ").append(f.describe()).append('\n');
        Map<String, List<ReachClient>> groups = new LinkedHashMap<>();
        Map<String, ReachCell> sample = new LinkedHashMap<>();
        for (ReachClient c : m.clients()) {
            Optional<ReachCell> cell = m.cell(c.id(), f.id());
            if (cell.isEmpty()) {
                continue;
            }
            String key = shareLines(cell.get(), false) + cell.get().blackHole().map(BlackHole::reason).orElse("");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            sample.putIfAbsent(key, cell.get());
        }
        if (groups.isEmpty()) {
            sb.append("  no client applies\n");
            return;
        }
        for (Map.Entry<String, List<ReachClient>> g : groups.entrySet()) {
            List<ReachClient> cs = g.getValue();
            sb.append(wrap(cs.stream().map(ReachTextRenderer::clientLabel).collect(Collectors.joining(", ")), "  ", "    "));
            ReachCell cell = sample.get(g.getKey());
            String lines = shareLines(cell, cs.size() == 1);
            sb.append(lines);
            if (cell.blackHole().isPresent()) {
                sb.append(wrap("! black hole: " + cell.blackHole().get().reason(), "      ", "        "));
            }
            cell.shares().stream().filter(x -> x.replyBypass() != null).findFirst().ifPresent(x -> sb.append(wrap(
                    "! reply bypasses " + x.replyBypass() + ": the endpoint answers the client's own address from "
                            + x.podNode() + ", so the reply never meets " + x.replyBypass() + "'s conntrack entry and"
                            + " is not un-DNATed; the client discards it (kube-proxy masquerades such traffic when it"
                            + " can tell it comes from outside the cluster)", "      ", "        ")));
        }
    }

    private static String clientLabel(ReachClient c) {
        return switch (c.kind()) {
            case POD -> c.name() + " (" + c.node() + ")";
            case HOST -> c.name();
            case EXTERNAL -> c.name() + " arriving at " + c.node();
        };
    }

    /** The share lines of a cell; with {@code sources}, the masquerade address is printed too. */
    private static String shareLines(ReachCell cell, boolean sources) {
        StringBuilder sb = new StringBuilder();
        int fw = cell.shares().stream().mapToInt(s -> Shares.format(s.probability()).length()).max().orElse(1);
        int dw = cell.shares().stream().filter(s -> s.destination() != null)
                .mapToInt(s -> s.destination().toString().length()).max().orElse(0);
        for (ReachShare s : cell.shares()) {
            sb.append("    ").append(padLeft(Shares.format(s.probability()), fw)).append("  ").append(describe(s, dw, sources));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String describe(ReachShare s, int dw, boolean sources) {
        StringBuilder sb = new StringBuilder();
        switch (s.fate()) {
            case ENDPOINT -> {
                sb.append(pad(s.destination().toString(), dw));
                if (s.pod() != null) {
                    sb.append("  pod ").append(s.pod()).append(s.podNode() == null ? "" : " (" + s.podNode() + ")");
                }
            }
            case NODE -> sb.append(pad(s.destination().toString(), dw)).append("  delivered to the node itself, untranslated");
            case PASS -> sb.append(pad(s.destination().toString(), dw)).append("  no rule: leaves the node untranslated");
            case DROP -> sb.append("DROP").append(s.decidedBy() == null ? "" : " by " + s.decidedBy());
            case REJECT -> sb.append("REJECT").append(s.decidedBy() == null ? "" : " by " + s.decidedBy())
                    .append(s.role() != null && s.role().startsWith("no-endpoints") ? " (the service has no endpoints)" : "");
        }
        if (s.masquerade() && (s.fate() == ReachShare.Fate.ENDPOINT || s.fate() == ReachShare.Fate.NODE
                || s.fate() == ReachShare.Fate.PASS)) {
            sb.append("  masqueraded");
            if (sources && s.source() != null) {
                sb.append(" (source ").append(s.source()).append(')');
            }
        }
        if (s.hairpin()) {
            sb.append("  hairpin: the pod reached itself");
        }
        if (s.viaNode() != null) {
            sb.append("  via ").append(s.viaNode());
        }
        if (s.replyBypass() != null) {
            sb.append("  ! reply bypasses ").append(s.replyBypass());
        }
        if (s.uncertain()) {
            sb.append("  (uncertain: crosses a construct kpsim does not model)");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ black holes and refusals

    private static void problems(StringBuilder sb, ReachMatrix m, boolean drops) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, String[]> info = new LinkedHashMap<>();
        for (ReachCell c : m.cells()) {
            ReachFrontend f = m.frontend(c.frontend()).orElseThrow();
            ReachClient client = m.client(c.client()).orElseThrow();
            String reason;
            String rule;
            if (drops) {
                if (c.blackHole().isEmpty()) {
                    continue;
                }
                reason = c.blackHole().get().reason();
                rule = c.blackHole().get().decidedBy();
            } else {
                Optional<ReachShare> rej = c.shares().stream().filter(s -> s.fate() == ReachShare.Fate.REJECT).findFirst();
                if (rej.isEmpty()) {
                    continue;
                }
                reason = rej.get().role() != null && rej.get().role().startsWith("no-endpoints")
                        ? f.servicePort() + " has no endpoints: kube-proxy rejects at once (ICMP port unreachable / TCP reset)"
                        : "rejected by " + rej.get().decidedBy();
                rule = rej.get().decidedBy();
            }
            String key = f.id() + "\u0000" + reason + "\u0000" + rule;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(clientLabel(client));
            info.putIfAbsent(key, new String[] {f.id() + "  " + f.describe(), reason, Objects.toString(rule, "?")});
        }
        if (!drops && groups.isEmpty()) {
            return;
        }
        sb.append('\n').append(drops ? "BLACK HOLES (silently dropped: clients time out)" : "REFUSED (rejected at once)");
        if (groups.isEmpty()) {
            sb.append(": none\n");
            return;
        }
        sb.append('\n');
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            String[] i = info.get(g.getKey());
            sb.append(drops ? "  ! " : "  ").append(i[0]).append('\n');
            sb.append(wrap("from " + String.join(", ", g.getValue()), "    ", "      "));
            sb.append(wrap("why: " + i[1], "    ", "      "));
            sb.append("    rule: ").append(i[2]).append('\n');
        }
    }

    // ------------------------------------------------------------------ text helpers

    static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    static String padLeft(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    /** Wraps at 110 columns on ", " or spaces; the first line gets {@code first}, the others {@code rest}. */
    static String wrap(String text, String first, String rest) {
        int limit = 110;
        StringBuilder sb = new StringBuilder();
        String indent = first;
        String left = text;
        while (indent.length() + left.length() > limit) {
            int cut = left.lastIndexOf(' ', limit - indent.length());
            if (cut <= 0) {
                break;
            }
            sb.append(indent).append(left, 0, cut).append('\n');
            left = left.substring(cut + 1);
            indent = rest;
        }
        return sb.append(indent).append(left).append('\n').toString();
    }
}
