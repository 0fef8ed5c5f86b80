package dev.kpsim.core.analysis.check;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A flow table in kube-proxy's test style as tab-separated text: a header line naming the columns ({@code name},
 * {@code sourceIP}, {@code destIP}, {@code destPort}, {@code output}, {@code masq}, optionally {@code protocol}; any
 * order), then one flow per line; {@code #} starts a comment line; an empty {@code output} cell means no
 * translation. These are the fields of {@code packetFlowTest} in kube-proxy's {@code proxier_test.go}, so test cases
 * move between kpsim and kube-proxy's suite.
 */
public final class FlowTable {
    private FlowTable() {
    }

    public static final List<String> REQUIRED = List.of("name", "sourceIP", "destIP", "destPort", "output", "masq");

    /**
     * Parses the table; every bad line is reported with its location.
     *
     * @throws BadInputException if the header or any line is unusable
     */
    public static List<Expectation.Flow> parseTsv(String text, String file) {
        List<Diagnostic> errors = new ArrayList<>();
        List<Expectation.Flow> out = new ArrayList<>();
        Map<String, Integer> columns = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            SourceLocation at = new SourceLocation(file, n + 1, 1);
            String[] cells = line.split("\t", -1);
            if (columns == null) {
                columns = new HashMap<>();
                for (int i = 0; i < cells.length; i++) {
                    columns.put(cells[i].trim(), i);
                }
                for (String r : REQUIRED) {
                    if (!columns.containsKey(r)) {
                        errors.add(Diagnostic.error(at, "bad-flow-table", "the header has no '" + r
                                + "' column (columns: " + String.join(", ", REQUIRED) + ", optional protocol; tab-separated)"));
                    }
                }
                if (!errors.isEmpty()) {
                    throw new BadInputException(errors);
                }
                continue;
            }
            try {
                out.add(flow(cells, columns, at));
            } catch (IllegalArgumentException e) {
                errors.add(Diagnostic.error(at, "bad-flow", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new BadInputException(errors);
        }
        return out;
    }

    private static Expectation.Flow flow(String[] cells, Map<String, Integer> columns, SourceLocation at) {
        java.util.function.Function<String, String> cell = c -> {
            Integer i = columns.get(c);
            return i == null || i >= cells.length ? "" : cells[i].trim();
        };
        String proto = cell.apply("protocol");
        return of(cell.apply("name"), cell.apply("sourceIP"), proto.isEmpty() ? null : proto, cell.apply("destIP"),
                cell.apply("destPort"), cell.apply("output"), cell.apply("masq"), at);
    }

    /**
     * One flow from its field texts ({@code protocol} null or empty for TCP, as in kube-proxy's tests).
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public static Expectation.Flow of(String name, String sourceIp, String protocol, String destIp, String destPort,
                                      String output, String masq, SourceLocation at) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a flow needs a name");
        }
        Protocol p = protocol == null || protocol.isEmpty() ? Protocol.TCP : Protocol.parse(protocol)
                .orElseThrow(() -> new IllegalArgumentException("protocol '" + protocol + "' is not TCP, UDP or SCTP"));
        int port;
        try {
            port = Integer.parseInt(destPort);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("destPort '" + destPort + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("destPort " + port + " is out of range 1-65535");
        }
        boolean m = switch (masq.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException("masq '" + masq + "' is not true or false");
        };
        String out = output.length() >= 2 && output.startsWith("\"") && output.endsWith("\"") ? output.substring(1, output.length() - 1) : output;
        return new Expectation.Flow("flow " + name, at, Optional.empty(), new KubeProxyFlow(name, sourceIp, p, destIp, port, out, m));
    }
}
