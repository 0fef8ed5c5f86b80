package dev.kpsim.cli.sections;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.scenarios.compact.RawNodes;
import dev.kpsim.scenarios.doc.DocumentReader;
import dev.kpsim.scenarios.doc.InputFiles;
import dev.kpsim.scenarios.doc.LocatedDocument;
import dev.kpsim.scenarios.doc.SourceText;
import dev.kpsim.scenarios.raw.RawNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a standalone YAML or JSON file (an events list, a flow table) into located {@link RawNode} documents through
 * the scenarios module's readers, so its errors are located like a scenario's.
 */
public final class RawFiles {
    private RawFiles() {
    }

    /**
     * The documents of one file, in order.
     *
     * @throws BadInputException if the file cannot be read or is not YAML/JSON
     */
    public static List<RawNode> read(String path) {
        Diagnostics diags = new Diagnostics();
        List<RawNode> out = new ArrayList<>();
        for (SourceText text : InputFiles.read(List.of(path), () -> System.in, diags)) {
            for (LocatedDocument doc : DocumentReader.read(text, diags)) {
                out.add(RawNodes.of(doc.cursor()));
            }
        }
        diags.throwIfErrors();
        return out;
    }
}
