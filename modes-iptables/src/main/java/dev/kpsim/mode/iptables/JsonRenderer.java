package dev.kpsim.mode.iptables;

import dev.kpsim.core.netfilter.restore.EnsuredChain;

import static dev.kpsim.mode.iptables.Json.str;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import java.util.List;

/**
 * The {@code json} rendering of an {@link IptablesDataPlane}, for tools: per family, each table's chains (in
 * declaration order) and rules (in payload order) with their provenance, the built-in chain rules, the ensured
 * chains and the notes. One object per line inside arrays, so the output diffs well. O(lines).
 */
final class JsonRenderer {
    private JsonRenderer() {
    }

    static String render(IptablesDataPlane dp) {
        StringBuilder sb = new StringBuilder(1 << 14);
        sb.append("{\n");
        sb.append("  \"mode\": \"iptables\",\n");
        sb.append("  \"flavour\": ").append(str(dp.flavour().name())).append(",\n");
        sb.append("  \"largeClusterMode\": ").append(dp.largeClusterMode()).append(",\n");
        sb.append("  \"notes\": [");
        List<Diagnostic> notes = dp.notes();
        for (int i = 0; i < notes.size(); i++) {
            sb.append(i == 0 ? "\n    " : ",\n    ").append(str(notes.get(i).format()));
        }
        sb.append(notes.isEmpty() ? "],\n" : "\n  ],\n");
        sb.append("  \"payloads\": [");
        List<RestorePayload> payloads = dp.payloads();
        for (int p = 0; p < payloads.size(); p++) {
            sb.append(p == 0 ? "\n" : ",\n");
            payload(sb, payloads.get(p));
        }
        sb.append("\n  ],\n");
        sb.append("  \"ensuredChains\": [");
        List<EnsuredChain> ensured = dp.ensuredChains();
        for (int i = 0; i < ensured.size(); i++) {
            EnsuredChain e = ensured.get(i);
            sb.append(i == 0 ? "\n    " : ",\n    ").append("{\"table\": ").append(str(e.table()))
                    .append(", \"chain\": ").append(str(e.chain())).append('}');
        }
        sb.append(ensured.isEmpty() ? "]\n" : "\n  ]\n");
        return sb.append("}\n").toString();
    }

    private static void payload(StringBuilder sb, RestorePayload payload) {
        sb.append("    {\n");
        sb.append("      \"family\": ").append(str(payload.family().kubernetesName())).append(",\n");
        sb.append("      \"command\": ").append(str(IptablesDataPlane.restoreCommand(payload.family()))).append(",\n");
        sb.append("      \"tables\": [");
        for (int t = 0; t < payload.tables().size(); t++) {
            sb.append(t == 0 ? "\n" : ",\n");
            table(sb, payload.tables().get(t));
        }
        sb.append("\n      ],\n");
        sb.append("      \"builtinRules\": [");
        List<RestorePayload.BuiltinJump> jumps = payload.builtinJumps();
        for (int i = 0; i < jumps.size(); i++) {
            RestorePayload.BuiltinJump j = jumps.get(i);
            sb.append(i == 0 ? "\n        " : ",\n        ").append("{\"table\": ").append(str(j.table()))
                    .append(", \"chain\": ").append(str(j.chain())).append(", \"args\": ").append(str(j.args()))
                    .append(", \"role\": \"jump\"}");
        }
        sb.append(jumps.isEmpty() ? "]\n" : "\n      ]\n");
        sb.append("    }");
    }

    private static void table(StringBuilder sb, RestoreTable table) {
        sb.append("        {\n");
        sb.append("          \"name\": ").append(str(table.name())).append(",\n");
        sb.append("          \"chains\": [");
        boolean first = true;
        for (RestoreLine l : table.lines()) {
            if (!l.text().startsWith(":")) {
                continue;
            }
            String chain = l.text().substring(1, l.text().indexOf(' '));
            sb.append(first ? "\n            " : ",\n            ").append("{\"name\": ").append(str(chain));
            provenance(sb, l.provenance());
            sb.append('}');
            first = false;
        }
        sb.append(first ? "],\n" : "\n          ],\n");
        sb.append("          \"rules\": [");
        first = true;
        for (RestoreLine l : table.lines()) {
            if (!l.text().startsWith("-A ")) {
                continue;
            }
            int sp = l.text().indexOf(' ', 3);
            String chain = sp < 0 ? l.text().substring(3) : l.text().substring(3, sp);
            sb.append(first ? "\n            " : ",\n            ").append("{\"chain\": ").append(str(chain))
                    .append(", \"text\": ").append(str(l.text()));
            provenance(sb, l.provenance());
            sb.append('}');
            first = false;
        }
        sb.append(first ? "]\n" : "\n          ]\n");
        sb.append("        }");
    }

    private static void provenance(StringBuilder sb, Provenance p) {
        if (p == null) {
            return;
        }
        sb.append(", \"servicePort\": ").append(str(p.servicePort()))
                .append(", \"endpoint\": ").append(str(p.endpoint()))
                .append(", \"role\": ").append(str(p.role()))
                .append(", \"roleDescription\": ").append(str(p.roleDescription()));
    }
}
