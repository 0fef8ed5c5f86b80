package dev.kpsim.cli.support;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.CompiledRuleset;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.netfilter.save.ParseResult;
import dev.kpsim.mode.ipvs.conn.ProtocolTimeouts;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.parse.IpsetSaveParser;
import dev.kpsim.mode.ipvs.parse.IpvsadmListParser;
import dev.kpsim.mode.ipvs.parse.IpvsadmSaveParser;
import dev.kpsim.mode.ipvs.sim.IpvsSimulators;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A real IPVS-mode node from its dumps: {@code ipvsadm -Sn} or {@code -Ln} ({@code --ipvsadm}), {@code ipset save}
 * ({@code --ipset}) and {@code iptables-save} ({@code --iptables-save}), simulated like a generated IPVS data plane
 * (kernel default IPVS timeouts; kube-ipvs0's addresses from {@code KUBE-IPVS-IPS}, else every virtual address that
 * is not a {@code --node-ip}). A missing dump is noted and taken as empty: without ipsets every {@code -m set} match
 * is uncertain, without iptables rules nothing is marked or masqueraded.
 */
final class IpvsDumps {
    /** A line of {@code ipvsadm -S}: {@code -A -t …} / {@code -a -t …}. */
    private static final Pattern SAVE_LINE = Pattern.compile("(?m)^-[Aa] ");

    private IpvsDumps() {
    }

    static Simulator simulator(DumpOptions dumps, NodeEnvironment env, PrintWriter err) {
        if (dumps.nft != null) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "dump-mix",
                    "--nft cannot be combined with --ipvsadm/--ipset: IPVS-mode nodes use iptables");
        }
        IpvsTable table = IpvsTable.of(List.of());
        if (dumps.ipvsadm != null) {
            String text = SimulationTarget.read(dumps.ipvsadm);
            var r = SAVE_LINE.matcher(text).find() ? IpvsadmSaveParser.parse(dumps.ipvsadm, text)
                    : IpvsadmListParser.parse(dumps.ipvsadm, text);
            table = checked(r, err);
        } else {
            err.println("kpsim: note: no --ipvsadm given: the node has no IPVS virtual services");
        }
        List<IpSet> sets = List.of();
        if (dumps.ipset != null) {
            var r = IpsetSaveParser.parse(dumps.ipset, SimulationTarget.read(dumps.ipset));
            sets = checked(r, err);
        } else {
            err.println("kpsim: note: no --ipset given: every '-m set' match is uncertain");
        }
        Map<IpFamily, Ruleset> rulesets = new EnumMap<>(IpFamily.class);
        if (dumps.iptablesSave != null) {
            for (ParseResult r : IptablesParser.parseDumps(SimulationTarget.read(dumps.iptablesSave), dumps.iptablesSave)) {
                r.diagnostics().forEach(d -> err.println(d.format()));
                CompiledRuleset.compile(r.ruleset()).unsupported().forEach(d -> err.println(d.format()));
                rulesets.put(r.ruleset().family(), r.ruleset());
            }
        } else {
            err.println("kpsim: note: no --iptables-save given: the node's iptables rules are taken as empty");
        }
        SimulationTarget.noteNoNodeIp(env, err);
        return IpvsSimulators.of(table, sets, rulesets, null, ProtocolTimeouts.kernelDefaults(), env);
    }

    /** The parsed value after printing its warnings; with an error, every diagnostic goes out with the failure. */
    private static <T> T checked(dev.kpsim.mode.ipvs.parse.ParseResult<T> r, PrintWriter err) {
        if (r.hasErrors()) {
            return r.orThrow();
        }
        r.diagnostics().forEach(d -> err.println(d.format()));
        return r.value();
    }
}
