package dev.kpsim.cli.command;

import dev.kpsim.cli.render.DoctorRenderer;
import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.ExpectationFailedException;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.cli.support.Subjects;
import dev.kpsim.core.analysis.doctor.Doctor;
import dev.kpsim.core.analysis.doctor.DoctorReport;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.analysis.doctor.StepStatus;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kpsim doctor}: the Kubernetes "Debug Services" walk-through, automated, plus named findings. */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Automate the Debug Services checks and name what is wrong.",
                "%nFor every Service (or one) on a node: does it exist, have endpoints, are they ready, does the node have kube-proxy's rules for it in its mode, does traffic reach every endpoint (exact outcomes), does hairpin work. Then a catalogue of named findings (no endpoints, no local endpoints, hairpin off, per-port affinity, repeating 5-decimal probabilities, source-range drops, chains no Service hashes to, stale endpoint chains, rules of an older kube-proxy, IPVS leftovers) with the offending lines and an explanation. Works on generated rules of every mode and on real node dumps. Exits 0 when no step fails, 3 when one does (warnings fail only with --strict).%n"})
public final class DoctorCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    DumpOptions dumps;

    @Option(names = "--service", paramLabel = "NS/NAME[:PORT]", description = "Examine this Service (or one port of it) only.")
    String service;

    @Option(names = "--mode", paramLabel = "MODE", description = "Generate this mode's rules (default: the configuration's mode).")
    String mode;

    @Option(names = "--strict", description = "Count warnings as failures (exit 3).")
    boolean strict;

    @Option(names = "--no-explain", description = "Leave out the explanation paragraph of each finding.")
    boolean noExplain;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        Session s = Session.load(input, dumps.any() ? null : mode, err);
        String node = s.node(Optional.empty());
        NodeSubject subject = dumps.any() ? Subjects.dump(dumps, Optional.of(s), node, err)
                : Subjects.generated(s, node, null, Subjects.label(input.files), err);
        DoctorReport r = Doctor.run(subject, Optional.ofNullable(service));
        var out = spec.commandLine().getOut();
        out.print(output == OutputFormat.json ? DoctorRenderer.json(r) : DoctorRenderer.text(r, !noExplain));
        out.flush();
        if (!r.passed() || (strict && r.count(StepStatus.WARN) > 0)) {
            throw new ExpectationFailedException("");
        }
        return 0;
    }
}
