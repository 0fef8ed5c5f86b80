package dev.kpsim.core.analysis.graph;

import dev.kpsim.core.trace.render.JsonWriter;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link ChainGraph} and its lint findings as the JSON of {@code kpsim graph --format json}:
 * <pre>
 * {"mode",
 *  "vertices":[{"id","kind":"base|chain|missing|verdict","table","chain","hook","policy","rules","service","description"}],
 *  "edges":[{"from","to","rule","goto","label","probability","role","ruleText"}],
 *  "lint":[{"kind","severity","table","chain","rule","message","ruleText","location"}]}
 * </pre>
 * Every vertex is listed (also the empty ones the DOT drawing leaves out). Keys always in this order.
 */
public final class GraphJsonRenderer {
    private GraphJsonRenderer() {
    }

    public static String render(ChainGraph g, List<LintFinding> findings) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("mode").value(g.mode());
        w.name("vertices").beginArray();
        for (ChainGraph.Vertex v : g.vertices()) {
            w.beginObject().name("id").value(v.id()).name("kind").value(v.kind().name().toLowerCase(Locale.ROOT))
                    .name("table").value(v.table()).name("chain").value(v.chain()).name("hook").value(v.hook())
                    .name("policy").value(v.policy()).name("rules").value(v.rules()).name("service").value(v.service())
                    .name("description").value(v.description()).endObject();
        }
        w.endArray();
        w.name("edges").beginArray();
        for (ChainGraph.Edge e : g.edges()) {
            w.beginObject().name("from").value(e.from()).name("to").value(e.to()).name("rule").value(e.rule())
                    .name("goto").value(e.isGoto()).name("label").value(e.label());
            w.name("probability");
            if (e.probability() == null) {
                w.nullValue();
            } else {
                w.value(e.probability());
            }
            w.name("role").value(e.role()).name("ruleText").value(e.ruleText()).endObject();
        }
        w.endArray();
        w.name("lint");
        findings(w, findings);
        return w.endObject().finish();
    }

    /** The lint findings alone, as the JSON of {@code kpsim graph --lint --output json}. */
    public static String renderLint(String mode, List<LintFinding> findings) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("mode").value(mode);
        w.name("lint");
        findings(w, findings);
        return w.endObject().finish();
    }

    private static void findings(JsonWriter w, List<LintFinding> findings) {
        w.beginArray();
        for (LintFinding f : findings) {
            w.beginObject().name("kind").value(kebab(f.kind().name())).name("severity").value(f.severity().name().toLowerCase(Locale.ROOT))
                    .name("table").value(f.table()).name("chain").value(f.chain()).name("rule").value(f.rule())
                    .name("message").value(f.message()).name("ruleText").value(f.ruleText())
                    .name("location").value(f.location() == null || f.location().line() == 0 ? null : f.location().toString())
                    .endObject();
        }
        w.endArray();
    }

    static String kebab(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
