package dev.kpsim.cli.command;

import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.core.analysis.hairpin.CitedRule;
import dev.kpsim.core.analysis.hairpin.HairpinAnalysis;
import dev.kpsim.core.analysis.hairpin.HairpinJsonRenderer;
import dev.kpsim.core.analysis.hairpin.HairpinModel;
import dev.kpsim.core.analysis.hairpin.HairpinReport;
import dev.kpsim.core.analysis.hairpin.HairpinSubject;
import dev.kpsim.core.analysis.hairpin.HairpinTextRenderer;
import dev.kpsim.core.analysis.hairpin.InvalidDrop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kpsim hairpin}: can each pod behind a service reach itself through it? */
@Command(name = "hairpin", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check whether each pod behind a service can reach itself through it.",
                "%nFor every pod behind a service, the pod connects to its own service's ClusterIP: the exact share of connections that come back to the pod itself, whether they are masqueraded (so the reply returns through the node), and the verdict under each kubelet hairpin mode (none, hairpin-veth, promiscuous-bridge) with bridge-nf-call-iptables on and off, with the kernel's reason and the rules involved (iptables KUBE-SEP masquerade, IPVS KUBE-LOOP-BACK, nftables endpoint chains).%n"})
public final class HairpinCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    DumpOptions dumps;

    @Option(names = "--mode", paramLabel = "MODE", description = "The data-plane mode to generate (default: the configuration's mode).")
    String mode;

    @Option(names = "--service", paramLabel = "NS/NAME[:PORT]", description = "Only this service's (or service port's) pods.")
    String service;

    @Option(names = "--pod", paramLabel = "NS/NAME", description = "Only this pod.")
    String pod;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        AnalysisTarget t = AnalysisTarget.resolve(input, dumps, mode, err);
        Session s = t.session().orElseThrow(() -> AnalysisTarget.bad("no-cluster",
                "hairpin needs the cluster's services and pods: give the scenario or manifests (FILES) together with the dump"));
        List<HairpinSubject> subjects = new ArrayList<>(HairpinModel.subjects(s.cluster(), s.config(),
                new ArrayList<>(t.nodes().keySet())));
        if (service != null) {
            subjects.removeIf(x -> !ServiceFilter.selects(service, x.servicePort()));
            if (subjects.isEmpty()) {
                throw AnalysisTarget.bad("unknown-service", "no pod of service '" + service + "' on the simulated node(s)");
            }
        }
        if (pod != null) {
            subjects.removeIf(x -> !x.pod().equals(pod));
            if (subjects.isEmpty()) {
                throw AnalysisTarget.bad("unknown-pod", "pod '" + pod + "' is not an endpoint of a service on the simulated node(s)");
            }
        }
        Function<String, Optional<CitedRule>> invalidDrop;
        if (t.dumpNode() != null) {
            Optional<CitedRule> found = InvalidDrop.find(GraphSources.ofDumps(dumps, new java.io.PrintWriter(java.io.Writer.nullWriter())));
            invalidDrop = node -> found;
        } else {
            Map<String, Optional<CitedRule>> cache = new HashMap<>();
            invalidDrop = node -> cache.computeIfAbsent(node, n -> t.targets().dataPlane(n).map(GraphSources::of)
                    .flatMap(InvalidDrop::find));
        }
        HairpinReport r = HairpinAnalysis.run(t.mode(), subjects, t.targets(), invalidDrop);
        t.printNotes(err);
        var out = spec.commandLine().getOut();
        out.print(output == OutputFormat.json ? HairpinJsonRenderer.render(r) : HairpinTextRenderer.render(r));
        out.flush();
        return 0;
    }
}
