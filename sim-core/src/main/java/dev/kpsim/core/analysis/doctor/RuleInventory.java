package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.netfilter.save.ParseResult;
import dev.kpsim.core.netfilter.save.SaveOptions;
import dev.kpsim.core.netfilter.save.SavePrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a node is programmed with, in the structural form the analyses read, for any mode: the iptables rulesets
 * (iptables mode, the iptables side of IPVS mode, userspace portals, or a real {@code iptables-save}), the nftables
 * listing, and the IPVS table. Built from a generated {@link DataPlane}'s native text — so a generated data plane and
 * a real node's dump are read the same way — or straight from a dump.
 *
 * @param mode     the proxy mode ({@code iptables}, {@code ipvs}, {@code nftables}, {@code userspace})
 * @param iptables one ruleset per family, IPv4 first (empty for nftables)
 * @param nft      the nftables listing (nftables mode only)
 * @param ipvs     the IPVS table (IPVS mode only)
 */
public record RuleInventory(String mode, List<Ruleset> iptables, Optional<NftListing> nft, Optional<IpvsListing> ipvs) {

    public RuleInventory {
        iptables = List.copyOf(iptables);
    }

    /** One rule (or IPVS entry, or nft map element) as a line of its native text, with where it lives. */
    public record RuleLine(String container, String text) {
        @Override
        public String toString() {
            return container + ": " + text;
        }
    }

    /** Reads a generated data plane through its native formats (mode names as in {@code ProxyMode#name()}). */
    public static RuleInventory of(DataPlane dp) {
        return switch (dp.mode()) {
            case "nftables" -> new RuleInventory(dp.mode(), List.of(), Optional.of(NftListing.parse(dp.render("nft"))), Optional.empty());
            case "ipvs" -> {
                List<Ruleset> rs = new ArrayList<>(parseFamilies(dp.render("iptables"), "<ipvs iptables>"));
                String v6 = dp.render("ip6tables");
                if (!v6.isBlank() && rs.stream().noneMatch(r -> r.family() == IpFamily.IPV6)) {
                    rs.addAll(parseFamilies("# ip6tables-restore\n" + v6, "<ipvs ip6tables>"));
                }
                yield new RuleInventory(dp.mode(), rs, Optional.empty(), Optional.of(IpvsListing.parse(dp.render("ipvsadm-save"))));
            }
            case "userspace" -> new RuleInventory(dp.mode(), parseFamilies(dp.render("restore"), "<userspace portals>"),
                    Optional.empty(), Optional.empty());
            case "iptables" -> new RuleInventory(dp.mode(), parseFamilies(dp.render("save"), "<iptables-save>"),
                    Optional.empty(), Optional.empty());
            default -> new RuleInventory(dp.mode(), List.of(), Optional.empty(), Optional.empty());
        };
    }

    /** A real node's {@code iptables-save} (one ruleset per family). */
    public static RuleInventory ofIptablesDump(List<Ruleset> rulesets) {
        return new RuleInventory("iptables", rulesets, Optional.empty(), Optional.empty());
    }

    /** A real node's {@code nft list ruleset}. */
    public static RuleInventory ofNftDump(String text) {
        return new RuleInventory("nftables", List.of(), Optional.of(NftListing.parse(text)), Optional.empty());
    }

    /**
     * Parses iptables text that may hold an IPv4 and an IPv6 part one after the other; kpsim's dual-stack renderings
     * mark the parts with {@code # iptables-save} / {@code # ip6tables-save} lines.
     */
    static List<Ruleset> parseFamilies(String text, String name) {
        if (text.isBlank()) {
            return List.of();
        }
        String normalised = text.replace("\n# ip6tables-save\n", "\n# ip6tables-restore\n")
                .replace("\n# iptables-save\n", "\n# iptables-restore\n");
        if (normalised.startsWith("# ip6tables-save\n")) {
            normalised = "# ip6tables-restore\n" + normalised.substring("# ip6tables-save\n".length());
        } else if (normalised.startsWith("# iptables-save\n")) {
            normalised = "# iptables-restore\n" + normalised.substring("# iptables-save\n".length());
        }
        return IptablesParser.parseDumps(normalised, name).stream().map(ParseResult::ruleset).toList();
    }

    /** The ruleset of a family, if the node has one. */
    public Optional<Ruleset> ruleset(IpFamily family) {
        return iptables.stream().filter(r -> r.family() == family).findFirst();
    }

    /**
     * Every rule as a line of native text, in a stable order: iptables rules as {@code iptables-save} prints them
     * (container {@code iptables nat} / {@code ip6tables filter}), nft rules per chain and map elements per map,
     * IPVS virtual and real servers as {@code ipvsadm -Sn} lines.
     */
    public List<RuleLine> lines() {
        List<RuleLine> out = new ArrayList<>();
        for (Ruleset rs : iptables) {
            String tool = rs.family() == IpFamily.IPV6 ? "ip6tables " : "iptables ";
            for (Table t : rs.tables()) {
                for (Chain c : t.chains()) {
                    for (Rule r : c.rules()) {
                        out.add(new RuleLine(tool + t.name(), SavePrinter.ruleLine(c.name(), r, rs.family(), SaveOptions.DEFAULT)));
                    }
                }
            }
        }
        nft.ifPresent(l -> l.tables().values().forEach(t -> {
            t.chains().values().forEach(c -> c.rules().forEach(r -> out.add(new RuleLine(t.qualifiedName() + " chain " + c.name(), r))));
            t.sets().forEach((name, els) -> els.forEach(e -> out.add(new RuleLine(t.qualifiedName() + " set " + name, e))));
        }));
        ipvs.ifPresent(l -> l.virtualServers().forEach(v -> {
            String flag = switch (v.protocol()) {
                case TCP -> "-t";
                case UDP -> "-u";
                default -> "--sctp-service";
            };
            out.add(new RuleLine("ipvs", "-A " + flag + " " + v.address() + " -s " + v.scheduler()
                    + (v.persistence() > 0 ? " -p " + v.persistence() : "")));
            v.realServers().forEach(r -> out.add(new RuleLine("ipvs", "-a " + flag + " " + v.address() + " -r " + r.address()
                    + " -m -w " + r.weight())));
        }));
        return out;
    }

    /**
     * Number of rules the node holds: iptables rules over all tables, nft rules (map elements not counted), IPVS
     * virtual plus real servers.
     */
    public int ruleCount() {
        int n = 0;
        for (Ruleset rs : iptables) {
            for (Table t : rs.tables()) {
                n += rs.ruleCount(t.name());
            }
        }
        n += nft.map(NftListing::ruleCount).orElse(0);
        n += ipvs.map(IpvsListing::entryCount).orElse(0);
        return n;
    }

    /**
     * A rule a trace step matched, as this inventory prints it: the {@code iptables-save} line of that rule when the
     * step names an iptables chain the inventory has (so every report shows iptables rules in one form), else the
     * step's own text (nft rules, or rules the inventory does not hold).
     */
    public String line(IpFamily family, dev.kpsim.core.trace.Step.RuleStep step) {
        Optional<Ruleset> rs = ruleset(family);
        if (rs.isPresent()) {
            Optional<Chain> c = rs.get().chain(step.table(), step.chain());
            if (c.isPresent() && step.ruleNumber() >= 1 && step.ruleNumber() <= c.get().rules().size()) {
                return SavePrinter.ruleLine(step.chain(), c.get().rules().get(step.ruleNumber() - 1), family, SaveOptions.DEFAULT);
            }
        }
        return step.ruleText();
    }

    /**
     * Length of a chain as the simulators name it in trace steps ({@code nat}/{@code KUBE-SERVICES} for iptables,
     * {@code ip kube-proxy}/{@code services} for nft), or 0 if unknown.
     */
    public int chainLength(IpFamily family, String table, String chain) {
        Optional<Ruleset> rs = ruleset(family).or(() -> iptables.stream().findFirst());
        if (rs.isPresent()) {
            Optional<Chain> c = rs.get().chain(table, chain);
            if (c.isPresent()) {
                return c.get().rules().size();
            }
        }
        return nft.flatMap(l -> Optional.ofNullable(l.tables().get(table)))
                .flatMap(t -> t.chain(chain)).map(c -> c.rules().size()).orElse(0);
    }
}
