package dev.kpsim.cli.command;

import dev.kpsim.cli.render.CheckRenderer;
import dev.kpsim.cli.render.CheckRenderer.Suite;
import dev.kpsim.cli.sections.ExpectReader;
import dev.kpsim.cli.sections.ExpectSection;
import dev.kpsim.cli.sections.FlowsReader;
import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.ExpectationFailedException;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.cli.support.Subjects;
import dev.kpsim.core.analysis.check.CheckResult;
import dev.kpsim.core.analysis.check.Checker;
import dev.kpsim.core.analysis.check.Expectation;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.scenarios.raw.RawSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code kpsim check}: a scenario's {@code expect:} assertions (and kube-proxy-style flow tables) as regression tests. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check expect: assertions and kube-proxy-style flow tables.",
                "%nEach FILE (or directory) is checked on its own, in each mode its expect: section names: reachability cells, exact distributions within a tolerance, hairpin verdicts, rule counts and exact rule lines, and flow tables in the style of kube-proxy's packetFlowTest (--flows, or expect.flows). Failures print what was expected, what was found and where the expectation is written; --junit writes a JUnit XML report. Exits 0 when every expectation holds, 3 when one fails.%n"})
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    DumpOptions dumps;

    @Option(names = "--flows", paramLabel = "FILE", description = "Also check this flow table (TSV with a header, or YAML): name, sourceIP, destIP, destPort, output, masq[, protocol].")
    String flows;

    @Option(names = "--mode", paramLabel = "MODE", description = "Check in this mode only (default: the modes the expect: section names, else the configured one).")
    String mode;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
    String junit;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (input.files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "name at least one scenario to check");
        }
        if (dumps.any() && input.files.size() != 1) {
            throw new ParameterException(spec.commandLine(), "with a dump, name exactly one scenario (the dumped node's objects)");
        }
        var err = spec.commandLine().getErr();
        List<Expectation.Flow> extra = flows == null ? List.of() : FlowsReader.read(flows);
        List<Suite> suites = new ArrayList<>();
        for (String file : input.files) {
            suites.addAll(check(file, extra, err));
        }
        var out = spec.commandLine().getOut();
        out.print(output == OutputFormat.json ? CheckRenderer.json(suites) : CheckRenderer.text(suites));
        out.flush();
        if (junit != null) {
            try {
                Files.writeString(Path.of(junit), CheckRenderer.junit(suites));
            } catch (IOException e) {
                throw new BadInputException(SourceLocation.ofFile(junit), "write-error", "cannot write the JUnit report: " + e.getMessage());
            }
        }
        if (suites.stream().anyMatch(s -> s.results().stream().anyMatch(CheckResult::failed))) {
            throw new ExpectationFailedException("");
        }
        return 0;
    }

    private List<Suite> check(String file, List<Expectation.Flow> extra, java.io.PrintWriter err) {
        InputOptions one = new InputOptions();
        one.files = new ArrayList<>(List.of(file));
        one.node = input.node;
        one.kubeProxyVersion = input.kubeProxyVersion;
        Session s = Session.load(one, null, err);
        RawSection section = s.loaded().extensions().get("expect");
        ExpectSection expect = section == null ? new ExpectSection(Optional.empty(), List.of(), List.of())
                : ExpectReader.read(section.value(), file);
        List<Expectation> all = new ArrayList<>(expect.expectations());
        all.addAll(extra);
        String label = Subjects.label(List.of(file));
        if (all.isEmpty()) {
            err.println("kpsim: note: " + label + " has no expect: section" + (flows == null ? " and no --flows were given" : "")
                    + ": nothing to check");
        }
        String node = input.node != null ? input.node : expect.node().orElseGet(() -> s.node(Optional.empty()));
        List<Suite> out = new ArrayList<>();
        if (dumps.any()) {
            NodeSubject subject = Subjects.dump(dumps, Optional.of(s), node, err);
            out.add(new Suite(label + " [" + subject.label() + ", node " + node + "]", Checker.run(subject, all)));
            return out;
        }
        List<String> modes = mode != null ? List.of(mode) : expect.modes().isEmpty() ? List.of(s.config().mode()) : expect.modes();
        for (String m : modes) {
            NodeSubject subject = Subjects.generated(s, node, m, label, err);
            out.add(new Suite(label + " [" + m + ", node " + node + "]", Checker.run(subject, all)));
        }
        return out;
    }
}
