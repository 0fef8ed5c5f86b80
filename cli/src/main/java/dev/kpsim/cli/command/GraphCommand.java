package dev.kpsim.cli.command;

import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.Modes;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.core.analysis.graph.ChainGraph;
import dev.kpsim.core.analysis.graph.DotRenderer;
import dev.kpsim.core.analysis.graph.GraphJsonRenderer;
import dev.kpsim.core.analysis.graph.GraphLint;
import dev.kpsim.core.analysis.graph.LintFinding;
import dev.kpsim.core.analysis.graph.LintTextRenderer;
import dev.kpsim.core.analysis.graph.RuleGraphSource;
import dev.kpsim.core.analysis.graph.ServiceOwners;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyMode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kpsim graph}: a node's chains as a graph (DOT, SVG, JSON), and lint on it. */
@Command(name = "graph", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw a node's chains as a graph, and lint them.",
                "%nChains as boxes, every jump, goto and verdict-map element as an arrow labelled with its rule's match and probability, one cluster per table and per service; the deciding actions (DNAT to each endpoint, DROP, REJECT, MASQUERADE) end the paths. SVG needs Graphviz 'dot'; without it the DOT text is printed. Lint on the same graph finds dangling jumps, unused chains, loops, and rules that can never match.%n"})
public final class GraphCommand implements Callable<Integer> {

    /** The output formats. */
    public enum GraphFormat {
        dot, svg, json
    }

    @Mixin
    InputOptions input;

    @Mixin
    DumpOptions dumps;

    @Option(names = "--mode", paramLabel = "MODE", description = "The data-plane mode to generate (default: the configuration's mode).")
    String mode;

    @Option(names = "--service", paramLabel = "NS/NAME[:PORT]",
            description = "Only this service's chains and the chains that lead to them.")
    String service;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "dot", description = "dot, svg or json (default: ${DEFAULT-VALUE}).")
    GraphFormat format;

    @Option(names = "--lint", description = "Print the lint findings instead of the graph (text, or JSON with --output json).")
    boolean lint;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "For --lint: text or json.")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Optional<Session> session = input.files.isEmpty() && dumps.any() ? Optional.empty()
                : Optional.of(Session.load(input, dumps.any() ? null : mode, err));
        RuleGraphSource source;
        String title;
        if (dumps.any()) {
            source = GraphSources.ofDumps(dumps, err);
            title = "kpsim graph of " + (dumps.iptablesSave != null ? dumps.iptablesSave : dumps.nft);
        } else {
            Session s = session.orElseThrow();
            ProxyMode m;
            try {
                m = Modes.named(s.config().mode());
            } catch (IllegalArgumentException e) {
                throw AnalysisTarget.bad("unknown-mode", e.getMessage());
            }
            String node = s.node(Optional.empty());
            DataPlane dp = m.generate(s.proxyInput(node));
            for (Diagnostic d : dp.notes()) {
                err.println(d.format());
            }
            source = GraphSources.of(dp);
            title = "kpsim graph: " + m.name() + " mode, node " + node;
        }
        Map<String, String> owners = session.map(s -> ServiceOwners.fromCluster(s.cluster(), s.config())).orElse(Map.of());
        ChainGraph graph = ChainGraph.build(source, owners);
        List<LintFinding> findings = GraphLint.lint(source, graph);
        if (lint) {
            out.print(output == OutputFormat.json ? GraphJsonRenderer.renderLint(source.mode(), findings)
                    : LintTextRenderer.render(source.mode(), findings));
            out.flush();
            return 0;
        }
        if (service != null) {
            ChainGraph only = graph.forService(spn -> ServiceFilter.selects(service, spn));
            if (only.vertices().stream().noneMatch(v -> v.service() != null)) {
                throw AnalysisTarget.bad("unknown-service", "no chains of service '" + service + "' (services with chains: "
                        + String.join(", ", graph.services()) + ")");
            }
            graph = only;
            title += ", service " + service;
            String sel = service;
            findings = findings.stream().filter(f -> only.vertex(f.table() + ":" + f.chain()).isPresent()).toList();
            if (sel.isEmpty()) {
                throw AnalysisTarget.bad("unknown-service", "--service needs a name");
            }
        }
        if (!findings.isEmpty()) {
            err.println("kpsim: note: lint: " + findings.size() + (findings.size() == 1 ? " finding" : " findings")
                    + " (see them with --lint)");
        }
        switch (format) {
            case json -> out.print(GraphJsonRenderer.render(graph, findings));
            case dot -> out.print(DotRenderer.render(graph, title, findings));
            case svg -> out.print(Graphviz.svg(DotRenderer.render(graph, title, findings), err));
        }
        out.flush();
        return 0;
    }
}
