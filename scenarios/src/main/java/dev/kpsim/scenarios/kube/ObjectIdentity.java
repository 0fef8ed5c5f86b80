package dev.kpsim.scenarios.kube;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Values;
import java.util.Map;
import java.util.Optional;

/**
 * The identity of a Kubernetes object: namespace (default {@code default}, as {@code kubectl apply} uses for an
 * object written without one), name (required: {@code missing-field} otherwise), labels and where it starts.
 */
public record ObjectIdentity(String namespace, String name, Map<String, String> labels, SourceLocation location) {

    /** Reads {@code metadata} of the object at {@code obj}; empty (after an error) if it has no name. */
    public static Optional<ObjectIdentity> read(Located obj, String kind, boolean namespaced, Values v) {
        Located meta = obj.get("metadata");
        Optional<String> name = v.string(meta.get("name")).filter(s -> !s.isEmpty());
        if (name.isEmpty()) {
            v.diagnostics().error(meta.location(), "missing-field", kind + " without metadata.name");
            return Optional.empty();
        }
        String ns = namespaced ? v.string(meta.get("namespace")).filter(s -> !s.isEmpty()).orElse("default") : null;
        return Optional.of(new ObjectIdentity(ns, name.get(), v.stringMap(meta.get("labels")), obj.location()));
    }

    /** {@code namespace/name}, or the name for cluster-scoped objects. */
    public String key() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
