package dev.kpsim.cli.sections;

import dev.kpsim.core.analysis.check.ClientRef;
import dev.kpsim.core.analysis.check.Expectation;
import dev.kpsim.core.analysis.check.FrontendRef;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.scenarios.raw.RawNode;
import dev.kpsim.scenarios.raw.RawNode.RawMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a scenario's {@code expect:} section into typed expectations (schema: docs/doctor-diff-check.md). Unknown
 * fields are errors with a suggestion, like the rest of a scenario; every error is located.
 */
public final class ExpectReader {
    private ExpectReader() {
    }

    private static final Set<String> TOP = Set.of("node", "modes", "reach", "distribution", "hairpin", "rules", "flows");
    private static final Set<String> REACH = Set.of("name", "mode", "from", "to", "protocol", "endpoints", "verdict", "masquerade");
    private static final Set<String> DISTRIBUTION = Set.of("name", "mode", "from", "to", "protocol", "shares", "even", "tolerance");
    private static final Set<String> HAIRPIN = Set.of("name", "mode", "pod", "service", "works");
    private static final Set<String> RULES = Set.of("name", "mode", "table", "chain", "count", "min", "max", "present", "absent");
    private static final Set<String> VERDICTS = Set.of("ACCEPT", "DROP", "REJECT", "UNTRANSLATED");

    /** Reads the section; {@code scenarioFile} resolves a {@code flows:} file name relative to the scenario. */
    public static ExpectSection read(RawNode section, String scenarioFile) {
        RawMap m = Raw.map(section, "expect");
        Raw.onlyKeys(m, TOP, "expect");
        List<Expectation> out = new ArrayList<>();
        m.get("reach").ifPresent(n -> Raw.list(n, "expect.reach").forEach(i -> out.add(reach(Raw.map(i, "a reach expectation")))));
        m.get("distribution").ifPresent(n -> Raw.list(n, "expect.distribution")
                .forEach(i -> out.add(distribution(Raw.map(i, "a distribution expectation")))));
        m.get("hairpin").ifPresent(n -> Raw.list(n, "expect.hairpin").forEach(i -> out.add(hairpin(Raw.map(i, "a hairpin expectation")))));
        m.get("rules").ifPresent(n -> Raw.list(n, "expect.rules").forEach(i -> out.add(rule(Raw.map(i, "a rules expectation")))));
        m.get("flows").ifPresent(n -> out.addAll(flows(n, scenarioFile)));
        List<String> modes = m.get("modes").map(n -> Raw.listOrOne(n).stream().map(x -> Raw.text(x, "modes")).toList()).orElse(List.of());
        return new ExpectSection(Raw.optText(m, "node"), modes, out);
    }

    private static Optional<String> mode(RawMap m) {
        return Raw.optText(m, "mode");
    }

    private static Optional<Protocol> protocol(RawMap m) {
        return m.get("protocol").map(n -> Protocol.parse(Raw.text(n, "protocol"))
                .orElseThrow(() -> Raw.bad(n.location(), "bad-value", "protocol must be TCP, UDP or SCTP")));
    }

    private static ClientRef from(RawMap m, String where) {
        RawNode n = m.get("from").orElseThrow(() -> Raw.bad(m.location(), "missing-field", where + " needs 'from'"));
        return new ClientRef(Raw.text(n, "from"), n.location());
    }

    private static FrontendRef to(RawMap m, String where) {
        RawNode n = m.get("to").orElseThrow(() -> Raw.bad(m.location(), "missing-field", where + " needs 'to'"));
        return new FrontendRef(Raw.text(n, "to"), n.location());
    }

    private static String name(RawMap m, String derived) {
        return Raw.optText(m, "name").orElse(derived);
    }

    private static Expectation reach(RawMap m) {
        Raw.onlyKeys(m, REACH, "a reach expectation");
        ClientRef from = from(m, "a reach expectation");
        FrontendRef to = to(m, "a reach expectation");
        Optional<List<HostPort>> eps = m.get("endpoints").map(n -> Raw.listOrOne(n).stream().map(ExpectReader::endpoint).toList());
        Optional<String> verdict = m.get("verdict").map(n -> {
            String v = Raw.text(n, "verdict").toUpperCase(java.util.Locale.ROOT);
            if (!VERDICTS.contains(v)) {
                throw Raw.bad(n.location(), "bad-value", "verdict must be one of ACCEPT, DROP, REJECT, UNTRANSLATED");
            }
            return v;
        });
        Optional<Boolean> masq = m.get("masquerade").map(n -> Raw.bool(n, "masquerade"));
        if (eps.isEmpty() && verdict.isEmpty() && masq.isEmpty()) {
            throw Raw.bad(m.location(), "missing-field", "a reach expectation needs 'endpoints', 'verdict' or 'masquerade'");
        }
        return new Expectation.Reach(name(m, "reach " + from.text() + " -> " + to.text()), m.location(), mode(m), from, to,
                protocol(m), eps, verdict, masq);
    }

    private static HostPort endpoint(RawNode n) {
        String t = Raw.text(n, "an endpoint");
        try {
            return HostPort.parse(t.trim());
        } catch (IllegalArgumentException e) {
            throw Raw.bad(n.location(), "bad-value", "'" + t + "' is not an endpoint IP:PORT");
        }
    }

    private static Expectation distribution(RawMap m) {
        Raw.onlyKeys(m, DISTRIBUTION, "a distribution expectation");
        ClientRef from = from(m, "a distribution expectation");
        FrontendRef to = to(m, "a distribution expectation");
        Map<HostPort, Double> shares = new LinkedHashMap<>();
        m.get("shares").ifPresent(n -> {
            RawMap sm = Raw.map(n, "shares");
            sm.entries().forEach((k, v) -> {
                SourceLocation at = sm.keyLocations().getOrDefault(k, sm.location());
                HostPort ep;
                try {
                    ep = HostPort.parse(k.trim());
                } catch (IllegalArgumentException e) {
                    throw Raw.bad(at, "bad-value", "'" + k + "' is not an endpoint IP:PORT");
                }
                shares.put(ep, share(v));
            });
        });
        boolean even = m.get("even").map(n -> Raw.bool(n, "even")).orElse(false);
        if (shares.isEmpty() && !even) {
            throw Raw.bad(m.location(), "missing-field", "a distribution expectation needs 'shares' or 'even: true'");
        }
        double tolerance = m.get("tolerance").map(n -> Raw.number(n, "tolerance")).orElse(1e-6);
        return new Expectation.Distribution(name(m, "distribution " + from.text() + " -> " + to.text()), m.location(), mode(m),
                from, to, protocol(m), shares, even, tolerance);
    }

    /** {@code 1/3}, {@code 0.25}, {@code 25%}. */
    private static double share(RawNode n) {
        String t = Raw.text(n, "a share").trim();
        int slash = t.indexOf('/');
        if (slash > 0) {
            try {
                return Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw Raw.bad(n.location(), "bad-value", "'" + t + "' is not a share (1/3, 0.25 or 25%)");
            }
        }
        return Raw.number(n, "a share");
    }

    private static Expectation hairpin(RawMap m) {
        Raw.onlyKeys(m, HAIRPIN, "a hairpin expectation");
        String pod = Raw.reqText(m, "pod", "a hairpin expectation");
        boolean works = m.get("works").map(n -> Raw.bool(n, "works")).orElse(true);
        Optional<String> service = Raw.optText(m, "service");
        return new Expectation.Hairpin(name(m, "hairpin " + pod + service.map(s -> " via " + s).orElse("")), m.location(),
                mode(m), pod, service, works);
    }

    private static Expectation rule(RawMap m) {
        Raw.onlyKeys(m, RULES, "a rules expectation");
        Optional<String> present = Raw.optText(m, "present");
        Optional<String> absent = Raw.optText(m, "absent");
        if (present.isPresent() || absent.isPresent()) {
            if (present.isPresent() && absent.isPresent()) {
                throw Raw.bad(m.location(), "bad-value", "a rules expectation has 'present' or 'absent', not both");
            }
            String line = present.orElseGet(absent::get);
            return new Expectation.RuleLine(name(m, (present.isPresent() ? "present " : "absent ") + line), m.location(), mode(m),
                    line, present.isPresent());
        }
        Optional<Integer> count = m.get("count").map(n -> Raw.integer(n, "count"));
        Optional<Integer> min = m.get("min").map(n -> Raw.integer(n, "min"));
        Optional<Integer> max = m.get("max").map(n -> Raw.integer(n, "max"));
        if (count.isEmpty() && min.isEmpty() && max.isEmpty()) {
            throw Raw.bad(m.location(), "missing-field", "a rules expectation needs 'count', 'min', 'max', 'present' or 'absent'");
        }
        Optional<String> table = Raw.optText(m, "table");
        Optional<String> chain = Raw.optText(m, "chain");
        String scope = table.map(t -> t + " ").orElse("") + chain.orElse(table.isEmpty() ? "all" : "");
        return new Expectation.RuleCount(name(m, "rule count " + scope.trim()), m.location(), mode(m), table, chain, count, min, max);
    }

    /** The {@code flows:} entry: a list of kube-proxy-style flows, or a file (TSV or YAML) relative to the scenario. */
    private static List<Expectation> flows(RawNode n, String scenarioFile) {
        if (n instanceof RawNode.RawScalar) {
            String file = Raw.text(n, "flows");
            Path base = Path.of(scenarioFile).toAbsolutePath().getParent();
            String path = base == null || Path.of(file).isAbsolute() ? file : base.resolve(file).toString();
            if (!java.nio.file.Files.isRegularFile(Path.of(path))) {
                throw Raw.bad(n.location(), "read-error", "flows file " + file + " does not exist (resolved to " + path + ")");
            }
            return new ArrayList<>(FlowsReader.read(path));
        }
        return new ArrayList<>(FlowsReader.fromYaml(n));
    }
}
