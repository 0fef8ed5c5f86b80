package dev.kpsim.cli.command;

import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.core.analysis.graph.RuleGraphSource;
import dev.kpsim.core.analysis.reach.DumpFrontends;
import dev.kpsim.core.analysis.reach.ReachAnalysis;
import dev.kpsim.core.analysis.reach.ReachClient;
import dev.kpsim.core.analysis.reach.ReachFrontend;
import dev.kpsim.core.analysis.reach.ReachJsonRenderer;
import dev.kpsim.core.analysis.reach.ReachMatrix;
import dev.kpsim.core.analysis.reach.ReachModel;
import dev.kpsim.core.analysis.reach.ReachTextRenderer;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kpsim reach}: the reachability matrix of clients × service frontends. */
@Command(name = "reach", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Map which clients reach which service frontends, and how.",
                "%nEvery pod (from its own node), every node's host network and an external client arriving at each node (inside and outside loadBalancerSourceRanges) against every ClusterIP, NodePort on each node address, external IP, load-balancer IP and health-check node port. Each cell is computed exactly (every branch of the rules with its probability, no sampling): the endpoints reached with their shares, whether the connection is masqueraded, or DROP / REJECT / no rule. Black holes (traffic policy Local without a local endpoint, source-range drops) are marked and listed with their reason.%n"})
public final class ReachCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    DumpOptions dumps;

    @Option(names = "--mode", paramLabel = "MODE", description = "The data-plane mode to generate (default: the configuration's mode).")
    String mode;

    @Option(names = "--service", paramLabel = "NS/NAME[:PORT]", description = "Only this service's (or service port's) frontends.")
    String service;

    @Option(names = "--client", paramLabel = "IP", split = ",",
            description = "With a dump and no cluster files: also send from these addresses (pods on the dumped node).")
    List<String> extraClients = new java.util.ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        AnalysisTarget t = AnalysisTarget.resolve(input, dumps, mode, err);
        List<ReachFrontend> frontends;
        List<ReachClient> clients;
        if (t.session().isPresent()) {
            Session s = t.session().get();
            ReachModel.Axes axes = ReachModel.of(s.cluster(), s.config(), t.nodes());
            frontends = ServiceFilter.frontends(axes.frontends(), service, t.nodes().keySet());
            clients = axes.clients();
        } else {
            List<IpAddress> nodeIps = t.nodes().get(t.dumpNode());
            RuleGraphSource rules = GraphSources.ofDumps(dumps, new PrintWriter(Writer.nullWriter()));
            frontends = ServiceFilter.frontends(DumpFrontends.discover(rules, nodeIps), service, t.nodes().keySet());
            if (frontends.isEmpty()) {
                throw AnalysisTarget.bad("no-frontends", "no service frontends found in the dump (kube-proxy's KUBE-SERVICES "
                        + "or services rules); give the cluster's files too");
            }
            List<IpAddress> given = new java.util.ArrayList<>();
            for (String c : extraClients) {
                given.add(IpAddress.tryParse(c.trim()).orElseThrow(() -> AnalysisTarget.bad("bad-ip",
                        "--client '" + c + "' is not an IP address")));
            }
            Set<IpFamily> families = new LinkedHashSet<>();
            frontends.forEach(f -> families.add(f.address().ip().family()));
            clients = ReachModel.dumpClients(t.dumpNode(), nodeIps, given, families);
        }
        ReachMatrix m = ReachAnalysis.run(t.mode(), clients, frontends, t.targets(), t.allNodes(), t.podOf());
        t.printNotes(err);
        var out = spec.commandLine().getOut();
        out.print(output == OutputFormat.json ? ReachJsonRenderer.render(m) : ReachTextRenderer.render(m));
        out.flush();
        return 0;
    }
}
