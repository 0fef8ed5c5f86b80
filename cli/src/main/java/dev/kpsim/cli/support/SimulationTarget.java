package dev.kpsim.cli.support;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.engine.FamilySimulator;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.netfilter.save.ParseResult;
import dev.kpsim.mode.nftables.NftablesDataPlane;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code trace} and {@code simulate} run packets through: a simulator of one node, that node's environment
 * (addresses, pods, routes), and — when the input described a cluster — the loaded session. Built either by
 * generating the data plane for the cluster's node in a mode, or from a real node's dump.
 */
public record SimulationTarget(Simulator simulator, NodeEnvironment environment, String nodeName, String mode,
                               Optional<Session> session) {

    /**
     * Resolves the target. {@code packetSource} helps choose the node (a pod's own node) when none is named.
     *
     * @throws BadInputException for unusable input or a mode that cannot be simulated
     */
    public static SimulationTarget resolve(InputOptions input, DumpOptions dumps, String modeName,
                                           Optional<IpAddress> packetSource, PrintWriter err) {
        Optional<Session> session = input.files.isEmpty() && dumps.any() ? Optional.empty()
                : Optional.of(Session.load(input, dumps.any() ? null : modeName, err));
        String node = session.map(s -> s.node(packetSource)).orElse(input.node == null ? "node" : input.node);
        NodeEnvironment env = session.map(s -> NodeEnvironment.of(s.cluster(), node))
                .orElse(NodeEnvironment.ofAddresses(node, List.of()));
        if (!dumps.nodeIps.isEmpty()) {
            List<IpAddress> ips = dumps.nodeIps.stream().map(ip -> IpAddress.tryParse(ip.trim())
                    .orElseThrow(() -> PacketOptions.bad("bad-ip", "--node-ip '" + ip + "' is not an IP address"))).toList();
            env = new NodeEnvironment(env.nodeName(), ips, env.localPods(), env.remotePodCidrs(), env.localPodCidrs(),
                    env.bridge(), env.uplink(), env.podInterfacePrefix());
        }
        if (dumps.ipvsadm != null || dumps.ipset != null) {
            return new SimulationTarget(IpvsDumps.simulator(dumps, env, err), env, node, "ipvs", session);
        }
        if (dumps.iptablesSave != null) {
            String text = read(dumps.iptablesSave);
            Map<IpFamily, Simulator> sims = new EnumMap<>(IpFamily.class);
            for (ParseResult r : IptablesParser.parseDumps(text, dumps.iptablesSave)) {
                r.diagnostics().forEach(d -> err.println(d.format()));
                NetfilterSimulator sim = NetfilterSimulator.of(r.ruleset(), env);
                sim.compiled().unsupported().forEach(d -> err.println(d.format()));
                sims.put(r.ruleset().family(), sim);
            }
            noteNoNodeIp(env, err);
            return new SimulationTarget(FamilySimulator.of(sims), env, node, "iptables", session);
        }
        if (dumps.nft != null) {
            NftablesDataPlane dp = NftablesDataPlane.fromDump(read(dumps.nft), dumps.nft);
            dp.notes().forEach(d -> err.println(d.format()));
            Simulator sim = dp.simulator(env).orElseThrow();
            return new SimulationTarget(sim, env, node, "nftables", session);
        }
        Session s = session.orElseThrow();
        ProxyMode m;
        try {
            m = Modes.named(s.config().mode());
        } catch (IllegalArgumentException e) {
            throw PacketOptions.bad("unknown-mode", e.getMessage());
        }
        DataPlane dp = m.generate(s.proxyInput(node));
        for (Diagnostic d : dp.notes()) {
            err.println(d.format());
        }
        final NodeEnvironment e = env;
        Simulator sim = dp.simulator(env).orElseThrow(() -> new BadInputException(SourceLocation.ofFile("kpsim"),
                "not-simulated", m.name() + " mode has no simulator (node " + e.nodeName() + ")"));
        return new SimulationTarget(sim, env, node, m.name(), session);
    }

    static void noteNoNodeIp(NodeEnvironment env, PrintWriter err) {
        if (env.nodeAddresses().isEmpty()) {
            err.println("kpsim: note: no --node-ip given: only 127.0.0.0/8 counts as a local address (addrtype LOCAL)");
        }
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.ofFile(file), "read-error", "cannot read: " + e.getMessage());
        }
    }
}
