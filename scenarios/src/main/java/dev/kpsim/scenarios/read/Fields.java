package dev.kpsim.scenarios.read;

import dev.kpsim.core.diag.Severity;
import dev.kpsim.scenarios.doc.Located;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one mapping of a format with a fixed schema and reports the fields nobody asked for:
 * {@code unknown field 'extrnalIPs' (did you mean 'externalIPs'?)} at the key's location, with a suggestion when
 * a known field is within {@link EditDistance#SUGGESTION_DISTANCE}. Mutable; used by one reader for one mapping.
 */
public final class Fields {
    private final Located obj;
    private final Values values;
    /** The names read or allowed, in that order (a few per mapping: a list is cheaper than a set here). */
    private final List<String> known = new ArrayList<>(12);

    private Fields(Located obj, Values values) {
        this.obj = obj;
        this.values = values;
    }

    /** Starts reading {@code obj}; reports {@code bad-value} if it is present but no mapping. */
    public static Fields of(Located obj, Values values) {
        if (!obj.isAbsent() && !obj.node().isObject()) {
            values.typeError(obj, "a mapping");
        }
        return new Fields(obj, values);
    }

    /** The field {@code name}, which becomes known. */
    public Located get(String name) {
        if (!known.contains(name)) {
            known.add(name);
        }
        return obj.get(name);
    }

    /** Marks fields as known without reading them. */
    public Fields allow(String... names) {
        for (String n : names) {
            if (!known.contains(n)) {
                known.add(n);
            }
        }
        return this;
    }

    public Located object() {
        return obj;
    }

    /** Reports every field not read or allowed, with the given severity. */
    public void finish(Severity severity) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                report(values, obj.get(name), name, new LinkedHashSet<>(known), severity);
            }
        }
    }

    /** Reports one unknown field named {@code name} written at {@code at}, suggesting the closest of {@code candidates}. */
    public static void report(Values values, Located at, String name, Set<String> candidates, Severity severity) {
        String hint = EditDistance.closest(name, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
        values.diagnostics().add(new dev.kpsim.core.diag.Diagnostic(at.keyLocation(), severity, "unknown-field",
                "unknown field '" + name + "'" + hint));
    }
}
