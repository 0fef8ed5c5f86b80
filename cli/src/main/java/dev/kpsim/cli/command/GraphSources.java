package dev.kpsim.cli.command;

import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.core.analysis.graph.IptablesGraphSource;
import dev.kpsim.core.analysis.graph.RuleGraphSource;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.netfilter.save.KernelRulesets;
import dev.kpsim.core.netfilter.save.ParseResult;
import dev.kpsim.mode.iptables.IptablesDataPlane;
import dev.kpsim.mode.ipvs.gen.IpvsDataPlane;
import dev.kpsim.mode.nftables.NftablesDataPlane;
import dev.kpsim.mode.userspace.UserspaceDataPlane;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's rules as a {@link RuleGraphSource}, whatever produced them: a generated data plane of any mode (iptables;
 * the iptables side of IPVS and userspace; nftables) or a real node's {@code iptables-save} / {@code nft list ruleset}.
 */
final class GraphSources {
    private GraphSources() {
    }

    static RuleGraphSource of(DataPlane dp) {
        if (dp instanceof IptablesDataPlane ipt) {
            List<Ruleset> rs = new ArrayList<>();
            for (IpFamily f : IpFamily.values()) {
                ipt.payload(f).ifPresent(p -> rs.add(ipt.kernelRuleset(f)));
            }
            return IptablesGraphSource.of(rs, dp.mode());
        }
        if (dp instanceof IpvsDataPlane ipvs) {
            List<Ruleset> rs = new ArrayList<>();
            for (IpFamily f : IpFamily.values()) {
                ipvs.payload(f).ifPresent(p -> rs.add(KernelRulesets.afterRestore(p, List.of(), "<ipvs iptables payload>")));
            }
            return IptablesGraphSource.of(rs, dp.mode());
        }
        if (dp instanceof UserspaceDataPlane us) {
            return IptablesGraphSource.of(KernelRulesets.afterRestore(us.payload(), List.of(), "<userspace payload>"), dp.mode());
        }
        if (dp instanceof NftablesDataPlane nft) {
            return NftGraphSource.of(nft.ruleset(), dp.mode());
        }
        throw new BadInputException(SourceLocation.ofFile("kpsim"), "no-graph", "kpsim cannot draw the rules of "
                + dp.mode() + " mode");
    }

    /** The dumped node's rules; parse warnings go to {@code err}. */
    static RuleGraphSource ofDumps(DumpOptions dumps, PrintWriter err) {
        if (dumps.iptablesSave != null) {
            List<Ruleset> rs = new ArrayList<>();
            for (ParseResult r : IptablesParser.parseDumps(read(dumps.iptablesSave), dumps.iptablesSave)) {
                r.diagnostics().forEach(d -> err.println(d.format()));
                rs.add(r.ruleset());
            }
            return IptablesGraphSource.of(rs, "iptables-save");
        }
        NftablesDataPlane dp = NftablesDataPlane.fromDump(read(dumps.nft), dumps.nft);
        dp.notes().forEach(d -> err.println(d.format()));
        return NftGraphSource.of(dp.ruleset(), "nft");
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.ofFile(file), "read-error", "cannot read: " + e.getMessage());
        }
    }
}
