package dev.kpsim.cli.sections;

import dev.kpsim.core.analysis.check.Expectation;
import dev.kpsim.core.analysis.check.FlowTable;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.scenarios.raw.RawNode;
import dev.kpsim.scenarios.raw.RawNode.RawMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads flow tables in kube-proxy's test style ({@code packetFlowTest}: name, sourceIP, destIP, destPort, output,
 * masq, optional protocol) from a tab-separated file ({@code .tsv}, {@code .txt}) or YAML/JSON (a list of mappings, or a
 * mapping with a {@code flows:} list).
 */
public final class FlowsReader {
    private FlowsReader() {
    }

    private static final Set<String> FIELDS = Set.of("name", "sourceIP", "destIP", "destPort", "output", "masq", "protocol");

    public static List<Expectation.Flow> read(String file) {
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) {
            List<Expectation.Flow> out = new ArrayList<>();
            for (RawNode doc : RawFiles.read(file)) {
                out.addAll(fromYaml(doc));
            }
            return out;
        }
        try {
            return FlowTable.parseTsv(Files.readString(Path.of(file)), file);
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.ofFile(file), "read-error", "cannot read: " + e.getMessage());
        }
    }

    public static List<Expectation.Flow> fromYaml(RawNode root) {
        RawNode list = root instanceof RawMap m && m.get("flows").isPresent() ? m.get("flows").get() : root;
        List<Expectation.Flow> out = new ArrayList<>();
        for (RawNode item : Raw.list(list, "flows")) {
            RawMap m = Raw.map(item, "a flow");
            Raw.onlyKeys(m, FIELDS, "a flow");
            String output = m.get("output").map(n -> n instanceof RawNode.RawScalar s && s.text() == null ? "" : Raw.text(n, "output")).orElse("");
            try {
                out.add(FlowTable.of(Raw.reqText(m, "name", "a flow"), Raw.reqText(m, "sourceIP", "a flow"),
                        Raw.optText(m, "protocol").orElse(null), Raw.reqText(m, "destIP", "a flow"),
                        Raw.reqText(m, "destPort", "a flow"), output, Raw.optText(m, "masq").orElse("false"), m.location()));
            } catch (IllegalArgumentException e) {
                throw Raw.bad(m.location(), "bad-flow", e.getMessage());
            }
        }
        return out;
    }
}
