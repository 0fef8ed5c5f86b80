package dev.kpsim.core.analysis.diff;

import dev.kpsim.core.analysis.doctor.ChainOriginFindings;
import dev.kpsim.core.analysis.doctor.Finding;
import dev.kpsim.core.analysis.doctor.FindingKind;
import dev.kpsim.core.analysis.doctor.IpvsFindings;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.analysis.doctor.ProbabilityFindings;
import dev.kpsim.core.analysis.doctor.RuleInventory.RuleLine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drift of a real node's rules from what kube-proxy would write for the given objects: what the node has that
 * kube-proxy would not write (stale KUBE-SEP chains, chains of no Service, IPVS real servers that are no endpoint,
 * weight-0 leftovers, rules of an older kube-proxy — classified by the doctor's findings) and what it lacks (chains,
 * rules). Rules are compared in the node tool's canonical text ({@code iptables-save}, {@code nft list ruleset},
 * {@code ipvsadm -Sn}), restricted to kube-proxy's own rules.
 */
public final class Drift {
    private Drift() {
    }

    private static final Pattern IPT_CHAIN = Pattern.compile("^-A (KUBE-(?:SVC|SVL|EXT|FW|XLB|SEP)-[A-Z2-7]{16}) ");
    private static final Set<FindingKind> DRIFT_KINDS = Set.of(FindingKind.UNTRACEABLE_CHAIN, FindingKind.STALE_ENDPOINT_CHAIN,
            FindingKind.OLDER_VERSION_RULES, FindingKind.STALE_REAL_SERVER, FindingKind.WEIGHT_ZERO_REAL_SERVER);

    /**
     * The drift between {@code a} and {@code b}, one of which is a dump (the other what kube-proxy would write).
     * Entries say "what kube-proxy writes" as {@code before} and "what the node has" as {@code after} when A is the
     * generated side.
     */
    public static List<DiffEntry> compare(NodeSubject a, NodeSubject b) {
        NodeSubject node = b.isDump() ? b : a;
        NodeSubject expected = node == b ? a : b;
        NodeSubject modelled = node.model().isPresent() ? node : new NodeSubject(node.label(), node.mode(), node.nodeName(),
                node.simulator(), node.environment(), node.rules(), expected.model(), node.generatedBy());
        List<DiffEntry> out = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(ChainOriginFindings.find(modelled));
        findings.addAll(IpvsFindings.find(modelled));
        ProbabilityFindings.find(modelled).stream().filter(f -> f.kind() == FindingKind.OLDER_VERSION_RULES).forEach(findings::add);
        for (Finding f : findings) {
            if (DRIFT_KINDS.contains(f.kind())) {
                out.add(new DiffEntry(DiffKind.DRIFT, f.kind().id() + " " + f.subject(), "", f.message(), f.lines()));
            }
        }
        Set<String> want = owned(expected);
        Set<String> have = owned(node);
        Set<String> onlyWant = new LinkedHashSet<>(want);
        onlyWant.removeAll(have);
        Set<String> onlyHave = new LinkedHashSet<>(have);
        onlyHave.removeAll(want);
        Set<String> missingChains = new LinkedHashSet<>();
        Set<String> nodeChains = chains(have);
        for (String chain : chains(want)) {
            if (!nodeChains.contains(chain)) {
                missingChains.add(chain);
            }
        }
        for (String chain : missingChains) {
            List<String> lines = onlyWant.stream().filter(l -> l.startsWith("-A " + chain + " ")).toList();
            out.add(new DiffEntry(DiffKind.DRIFT, "missing-chain " + chain, chain, "missing on the node", lines));
        }
        List<String> lacking = onlyWant.stream().filter(l -> missingChains.stream().noneMatch(c -> l.startsWith("-A " + c + " "))).toList();
        if (!lacking.isEmpty()) {
            out.add(new DiffEntry(DiffKind.DRIFT, "rules kube-proxy would write that the node lacks", rules(lacking.size()),
                    "missing", lacking));
        }
        if (!onlyHave.isEmpty()) {
            out.add(new DiffEntry(DiffKind.DRIFT, "kube-proxy rules on the node that kube-proxy would not write", "absent",
                    rules(onlyHave.size()), new ArrayList<>(onlyHave)));
        }
        return out;
    }

    private static String rules(int n) {
        return n + (n == 1 ? " rule" : " rules");
    }

    /** kube-proxy's own rules of a side, as canonical lines. */
    static Set<String> owned(NodeSubject s) {
        Set<String> out = new LinkedHashSet<>();
        for (RuleLine l : s.rules().lines()) {
            boolean iptables = l.container().startsWith("iptables ") || l.container().startsWith("ip6tables ");
            if (iptables && (l.text().startsWith("-A KUBE-") || l.text().contains(" -j KUBE-"))) {
                out.add(l.text());
            } else if (l.container().contains(" kube-proxy ")) {
                out.add(l.container().substring(l.container().indexOf(" kube-proxy ") + 12) + ": " + l.text());
            } else if (l.container().equals("ipvs")) {
                out.add(l.text());
            }
        }
        return out;
    }

    private static Set<String> chains(Set<String> lines) {
        Set<String> out = new LinkedHashSet<>();
        for (String l : lines) {
            Matcher m = IPT_CHAIN.matcher(l);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
