package dev.kpsim.cli.command;

import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.Modes;
import dev.kpsim.cli.support.Session;
import dev.kpsim.cli.support.SimulationTarget;
import dev.kpsim.core.analysis.reach.NodeTarget;
import dev.kpsim.core.analysis.reach.NodeTargets;
import dev.kpsim.core.analysis.reach.ReachModel;
import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.IpAddress;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the cluster-wide analyses ({@code reach}, {@code hairpin}) run on: every node's generated data plane in one
 * mode, or a single real node's dump (then only that node's rules are known). Built from the common options.
 *
 * @param session       the loaded cluster, if files were given
 * @param targets       the simulatable nodes
 * @param nodes         the nodes whose clients and frontends are analysed, with their addresses
 * @param allNodes      every node known, with its addresses (to follow packets to other nodes)
 * @param dumpNode      the dumped node's name when reading a dump; null for generated data planes
 */
record AnalysisTarget(String mode, Optional<Session> session, NodeTargets targets, Map<String, List<IpAddress>> nodes,
                      Map<String, List<IpAddress>> allNodes, String dumpNode) {

    static AnalysisTarget resolve(InputOptions input, DumpOptions dumps, String modeOverride, PrintWriter err) {
        if (dumps.any()) {
            SimulationTarget t = SimulationTarget.resolve(input, dumps, modeOverride, Optional.empty(), err);
            NodeTarget nt = new NodeTarget(t.nodeName(), t.simulator(), t.environment());
            Map<String, List<IpAddress>> all = t.session().map(s -> ReachModel.nodeAddresses(s.cluster()))
                    .orElseGet(LinkedHashMap::new);
            all = new LinkedHashMap<>(all);
            all.put(t.nodeName(), t.environment().nodeAddresses());
            Map<String, List<IpAddress>> only = new LinkedHashMap<>();
            only.put(t.nodeName(), t.environment().nodeAddresses());
            return new AnalysisTarget(t.mode(), t.session(), NodeTargets.single(nt), only, all, t.nodeName());
        }
        Session s = Session.load(input, modeOverride, err);
        ProxyMode m;
        try {
            m = Modes.named(s.config().mode());
        } catch (IllegalArgumentException e) {
            throw bad("unknown-mode", e.getMessage());
        }
        Map<String, List<IpAddress>> all = ReachModel.nodeAddresses(s.cluster());
        Map<String, List<IpAddress>> nodes = all;
        if (input.node != null) {
            if (!all.containsKey(input.node)) {
                throw bad("unknown-node", "--node '" + input.node + "' is not a node of the cluster (nodes: "
                        + String.join(", ", all.keySet()) + ")");
            }
            nodes = Map.of(input.node, all.get(input.node));
        }
        return new AnalysisTarget(m.name(), Optional.of(s), NodeTargets.generated(m, s.cluster(), s.config()), nodes, all, null);
    }

    static BadInputException bad(String code, String message) {
        return new BadInputException(SourceLocation.ofFile("kpsim"), code, message);
    }

    /** The pod owning an address, when a cluster was given. */
    Function<IpAddress, Optional<Pod>> podOf() {
        Optional<Cluster> c = session.map(Session::cluster);
        return ip -> c.flatMap(cl -> cl.podByIp(ip));
    }

    /** Prints the generation notes collected while simulating (each once). */
    void printNotes(PrintWriter err) {
        for (Diagnostic d : targets.notes()) {
            err.println(d.format());
        }
    }
}
