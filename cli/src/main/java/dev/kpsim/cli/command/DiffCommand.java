package dev.kpsim.cli.command;

import dev.kpsim.cli.render.DiffRenderer;
import dev.kpsim.cli.sections.EventsReader;
import dev.kpsim.cli.sections.RawFiles;
import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.ExpectationFailedException;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.Modes;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.cli.support.Subjects;
import dev.kpsim.core.analysis.diff.ClusterEvent;
import dev.kpsim.core.analysis.diff.DiffReport;
import dev.kpsim.core.analysis.diff.EventReplay;
import dev.kpsim.core.analysis.diff.SemanticDiff;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.scenarios.raw.RawNode;
import dev.kpsim.scenarios.raw.RawSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kpsim diff}: what-if by behaviour — two data planes compared cell by cell, not line by line. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare what two data planes do, cell by cell, not line by line.",
                "%nThe sides are two scenarios (A B), one scenario in two modes (--vs-mode) or as two kube-proxy versions write it (--vs-version), a scenario before and after events (--events FILE or its events: section, replayed with conntrack kept so established connections keep their endpoint), or a scenario against a real node's dump (--iptables-save / --nft: drift). Reports reachability cells (client -> frontend: endpoints with exact shares, DROP, REJECT, masquerade) that changed, established connections, drift, rule counts and rules walked per new connection. Exits 0 when the sides behave the same, 3 when they differ.%n"})
public final class DiffCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    DumpOptions dumps;

    @Option(names = "--mode", paramLabel = "MODE", description = "Mode of side A (default: the configuration's; against a dump, the dump's).")
    String mode;

    @Option(names = "--vs-mode", paramLabel = "MODE", description = "Side B: the same scenario in this mode.")
    String vsMode;

    @Option(names = "--vs-version", paramLabel = "V", description = "Side B: the same scenario as this kube-proxy version writes it.")
    String vsVersion;

    @Option(names = "--events", paramLabel = "FILE", description = "Side B: the scenario after these events (default: its events: section).")
    String events;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the connections established before events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        int kinds = (vsMode != null ? 1 : 0) + (vsVersion != null ? 1 : 0) + (events != null ? 1 : 0) + (dumps.any() ? 1 : 0);
        if (kinds > 1) {
            throw new ParameterException(spec.commandLine(), "choose one second side: --vs-mode, --vs-version, --events or a dump");
        }
        if (input.files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "a scenario (or two) is required");
        }
        DiffReport r;
        if (kinds == 0 && input.files.size() == 2) {
            NodeSubject a = side(input.files.get(0), err);
            NodeSubject b = side(input.files.get(1), err);
            r = SemanticDiff.compare(a, b);
        } else {
            Session s = Session.load(input, dumps.any() ? null : mode, err);
            String node = s.node(Optional.empty());
            String files = Subjects.label(input.files);
            if (vsMode != null || vsVersion != null) {
                NodeSubject a = Subjects.generated(s, node, null, files + " [" + s.config().mode() + " v" + s.config().kubeProxyVersion() + "]", err);
                Session sb = vsVersion != null ? Session.load(withVersion(vsVersion), mode, err) : s;
                String bm = vsMode != null ? vsMode : s.config().mode();
                NodeSubject b = Subjects.generated(sb, node, bm, files + " [" + bm + " v" + sb.config().kubeProxyVersion() + "]", err);
                r = SemanticDiff.compare(a, b);
            } else if (dumps.any()) {
                String dumpMode = dumps.ipvsadm != null || dumps.ipset != null ? "ipvs" : dumps.nft != null ? "nftables" : "iptables";
                String am = mode != null ? mode : dumpMode;
                NodeSubject a = Subjects.generated(s, node, am, files + " [what kube-proxy " + am + " v"
                        + s.config().kubeProxyVersion() + " writes]", err);
                NodeSubject b = Subjects.dump(dumps, Optional.of(s), node, err);
                r = SemanticDiff.compare(a, b);
            } else {
                List<ClusterEvent> evs = events != null ? EventsReader.read(single(RawFiles.read(events), events), node)
                        : scenarioEvents(s, node);
                ProxyMode m = mode(s.config().mode());
                r = EventReplay.run(m, s.proxyInput(node), evs, seed, files);
            }
        }
        var out = spec.commandLine().getOut();
        out.print(output == OutputFormat.json ? DiffRenderer.json(r) : DiffRenderer.text(r));
        out.flush();
        if (r.different()) {
            throw new ExpectationFailedException("");
        }
        return 0;
    }

    private NodeSubject side(String file, java.io.PrintWriter err) {
        InputOptions o = new InputOptions();
        o.files = new ArrayList<>(List.of(file));
        o.node = input.node;
        o.kubeProxyVersion = input.kubeProxyVersion;
        Session s = Session.load(o, mode, err);
        String node = s.node(Optional.empty());
        return Subjects.generated(s, node, null, Subjects.label(o.files) + " [" + s.config().mode() + ", node " + node + "]", err);
    }

    private InputOptions withVersion(String v) {
        if (KubeProxyVersion.parse(v).isEmpty()) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "bad-version", "--vs-version '" + v
                    + "' is not a kube-proxy version (expected e.g. 1.35, v1.28.3, 1.2)");
        }
        InputOptions o = new InputOptions();
        o.files = input.files;
        o.node = input.node;
        o.kubeProxyVersion = v;
        return o;
    }

    private static ProxyMode mode(String name) {
        try {
            return Modes.named(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "unknown-mode", e.getMessage());
        }
    }

    private List<ClusterEvent> scenarioEvents(Session s, String node) {
        RawSection section = s.loaded().extensions().get("events");
        if (section == null) {
            throw new ParameterException(spec.commandLine(), "diff needs a second side: a second scenario, --vs-mode, "
                    + "--vs-version, --events FILE, a scenario with an events: section, or a dump (--iptables-save/--nft)");
        }
        return EventsReader.read(section.value(), node);
    }

    private static RawNode single(List<RawNode> docs, String file) {
        if (docs.size() != 1) {
            throw new BadInputException(SourceLocation.ofFile(file), "bad-events", "an events file holds one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }
}
