package dev.kpsim.cli.support;

import dev.kpsim.core.analysis.doctor.IpvsListing;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.analysis.doctor.RuleInventory;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.engine.FamilySimulator;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.netfilter.save.ParseResult;
import dev.kpsim.mode.ipvs.format.IpvsadmSavePrinter;
import dev.kpsim.mode.ipvs.parse.IpvsadmListParser;
import dev.kpsim.mode.ipvs.parse.IpvsadmSaveParser;
import dev.kpsim.mode.nftables.NftablesDataPlane;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the {@link NodeSubject}s that {@code doctor}, {@code diff} and {@code check} examine: a node's data plane
 * generated in any mode (simulated when the mode can be), or a real node's {@code iptables-save} / {@code nft list
 * ruleset} dump, or an IPVS-mode node's {@code ipvsadm} / {@code ipset save} / {@code iptables-save} dumps, with the
 * loaded objects as its model. Notes and warnings go to standard error.
 */
public final class Subjects {
    private Subjects() {
    }

    /** The file names of the inputs, for labels that do not depend on where the files are. */
    public static String label(List<String> files) {
        return files.stream().map(f -> f.equals("-") ? "<stdin>" : Optional.ofNullable(Path.of(f).getFileName())
                .map(Path::toString).orElse(f)).collect(Collectors.joining(" "));
    }

    /** The data plane kube-proxy in {@code modeName} (null: the configuration's) would program on {@code node}. */
    public static NodeSubject generated(Session s, String node, String modeName, String label, PrintWriter err) {
        ProxyInput input = modeName == null ? s.proxyInput(node)
                : new ProxyInput(s.cluster(), s.config().toBuilder().mode(modeName).build(), node);
        ProxyMode m;
        try {
            m = Modes.named(input.config().mode());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "unknown-mode", e.getMessage());
        }
        DataPlane dp = m.generate(input);
        for (Diagnostic d : dp.notes()) {
            err.println(d.format());
        }
        return NodeSubject.generated(label, input, dp);
    }

    /** A real node's dump, with the session's objects (if any) as its model. */
    public static NodeSubject dump(DumpOptions dumps, Optional<Session> session, String node, PrintWriter err) {
        NodeEnvironment env = session.map(s -> NodeEnvironment.of(s.cluster(), node)).orElse(NodeEnvironment.ofAddresses(node, List.of()));
        if (!dumps.nodeIps.isEmpty()) {
            List<IpAddress> ips = new ArrayList<>();
            for (String ip : dumps.nodeIps) {
                ips.add(IpAddress.tryParse(ip.trim()).orElseThrow(() -> new BadInputException(SourceLocation.ofFile("kpsim"),
                        "bad-ip", "--node-ip '" + ip + "' is not an IP address")));
            }
            env = new NodeEnvironment(env.nodeName(), ips, env.localPods(), env.remotePodCidrs(), env.localPodCidrs(),
                    env.bridge(), env.uplink(), env.podInterfacePrefix());
        }
        Optional<ProxyInput> model = session.map(s -> s.proxyInput(node));
        if (dumps.ipvsadm != null || dumps.ipset != null) {
            Simulator sim = IpvsDumps.simulator(dumps, env, err);
            List<Ruleset> rulesets = new ArrayList<>();
            if (dumps.iptablesSave != null) {
                IptablesParser.parseDumps(read(dumps.iptablesSave), dumps.iptablesSave).forEach(r -> rulesets.add(r.ruleset()));
            }
            Optional<IpvsListing> listing = Optional.empty();
            if (dumps.ipvsadm != null) {
                String text = read(dumps.ipvsadm);
                var parsed = java.util.regex.Pattern.compile("(?m)^-[Aa] ").matcher(text).find()
                        ? IpvsadmSaveParser.parse(dumps.ipvsadm, text) : IpvsadmListParser.parse(dumps.ipvsadm, text);
                listing = Optional.of(IpvsListing.parse(IpvsadmSavePrinter.print(parsed.orThrow())));
            }
            return new NodeSubject("ipvsadm " + label(List.of(dumps.ipvsadm == null ? dumps.ipset : dumps.ipvsadm)), "ipvs", node,
                    Optional.of(sim), env, new RuleInventory("ipvs", rulesets, Optional.empty(), listing), model, Optional.empty());
        }
        SimulationTarget.noteNoNodeIp(env, err);
        if (dumps.iptablesSave != null) {
            String text = read(dumps.iptablesSave);
            Map<IpFamily, Simulator> sims = new EnumMap<>(IpFamily.class);
            List<Ruleset> rulesets = new ArrayList<>();
            for (ParseResult r : IptablesParser.parseDumps(text, dumps.iptablesSave)) {
                r.diagnostics().forEach(d -> err.println(d.format()));
                NetfilterSimulator sim = NetfilterSimulator.of(r.ruleset(), env);
                sim.compiled().unsupported().forEach(d -> err.println(d.format()));
                sims.put(r.ruleset().family(), sim);
                rulesets.add(r.ruleset());
            }
            return new NodeSubject("iptables-save " + label(List.of(dumps.iptablesSave)), "iptables", node,
                    Optional.of(FamilySimulator.of(sims)), env, RuleInventory.ofIptablesDump(rulesets), model, Optional.empty());
        }
        String text = read(dumps.nft);
        NftablesDataPlane dp = NftablesDataPlane.fromDump(text, dumps.nft);
        dp.notes().forEach(d -> err.println(d.format()));
        return new NodeSubject("nft " + label(List.of(dumps.nft)), "nftables", node, dp.simulator(env), env,
                RuleInventory.ofNftDump(text), model, Optional.empty());
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.ofFile(file), "read-error", "cannot read: " + e.getMessage());
        }
    }
}
