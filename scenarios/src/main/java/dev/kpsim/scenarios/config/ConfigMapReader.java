package dev.kpsim.scenarios.config;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.doc.DocumentReader;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.doc.LocatedDocument;
import dev.kpsim.scenarios.doc.SourceText;
import dev.kpsim.scenarios.read.Values;

/**
 * A ConfigMap that carries kube-proxy's configuration, as kubeadm's {@code kube-system/kube-proxy} does under
 * {@code data.config.conf}: each data value that holds a KubeProxyConfiguration is read as one. Diagnostics inside
 * a literal block ({@code config.conf: |}) point at the right line of the outer file; inside other scalars they
 * point at the value. A ConfigMap without one is skipped with a warning.
 */
public final class ConfigMapReader {
    private ConfigMapReader() {
    }

    public static void read(Located obj, Values v, InputCollector out) {
        boolean found = false;
        for (var entry : obj.get("data").fields().entrySet()) {
            String text = entry.getValue().text();
            if (text == null || !text.contains("KubeProxyConfiguration")) {
                continue;
            }
            for (LocatedDocument d : DocumentReader.read(embedded(entry.getValue(), text), v.diagnostics())) {
                Located root = d.cursor();
                if ("KubeProxyConfiguration".equals(root.get("kind").text())) {
                    KubeProxyConfigurationReader.read(root, v, out);
                    found = true;
                }
            }
        }
        if (!found) {
            Located meta = obj.get("metadata");
            String name = meta.get("namespace").text() == null ? meta.get("name").text() : meta.get("namespace").text() + "/" + meta.get("name").text();
            v.diagnostics().warning(obj.location(), "unknown-kind", "skipped ConfigMap " + name + ": it holds no KubeProxyConfiguration");
        }
    }

    /** The value as an input text whose locations map back into the outer file where that is possible. */
    static SourceText embedded(Located value, String text) {
        SourceText outer = value.document().source();
        SourceLocation at = value.location();
        String[] lines = outer.text().split("\n", -1);
        boolean plainFile = outer.lineShift() == 0 && outer.columnShift() == 0 && outer.fixed() == null;
        if (plainFile && at.line() >= 1 && at.line() <= lines.length) {
            String line = lines[at.line() - 1];
            if (at.column() - 1 < line.length() && line.charAt(at.column() - 1) == '|') {
                for (int k = at.line(); k < lines.length; k++) {
                    String content = lines[k];
                    if (!content.isBlank()) {
                        int indent = 0;
                        while (indent < content.length() && content.charAt(indent) == ' ') {
                            indent++;
                        }
                        return new SourceText(outer.name(), text, at.line(), indent, null);
                    }
                }
            }
        }
        return new SourceText(outer.name(), text, 0, 0, at);
    }
}
