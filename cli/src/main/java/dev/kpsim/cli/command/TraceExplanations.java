package dev.kpsim.cli.command;

import dev.kpsim.core.analysis.explain.Explainer;
import dev.kpsim.core.analysis.explain.RuleExplanation;
import dev.kpsim.core.trace.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code trace --explain}: the annotation of each rule step, as text and as a JSON object. */
final class TraceExplanations {
    private TraceExplanations() {
    }

    static Optional<String> text(Step step) {
        return Explainer.explain(step).map(RuleExplanation::text);
    }

    static Optional<Map<String, Object>> json(Step step) {
        return Explainer.explain(step).map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", e.role());
            m.put("reason", e.reason());
            m.put("inferred", e.inferred());
            return m;
        });
    }
}
