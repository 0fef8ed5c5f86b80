package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.analysis.doctor.NftListing.NftChainText;
import dev.kpsim.core.analysis.doctor.NftListing.NftTableText;
import dev.kpsim.core.kubeproxy.ChainNames;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Findings about where a node's kube-proxy chains come from: chains no Service of the input hashes to
 * ({@code untraceable-chain}), endpoint chains of endpoints that are gone or that nothing jumps to
 * ({@code stale-endpoint-chain}), and chains or jumps only an older release wrote ({@code older-version-rules}: ≤ v1.18
 * ServicePortName hashes, KUBE-XLB chains, KUBE-MARK-DROP).
 */
public final class ChainOriginFindings {
    private ChainOriginFindings() {
    }

    private static final Pattern IPT_CHAIN = Pattern.compile("KUBE-(SVC|SVL|EXT|FW|XLB|SEP)-[A-Z2-7]{16}");
    private static final Pattern NFT_CHAIN = Pattern.compile("(service|local|external|firewall|endpoint)-([A-Z2-7]{8})-(.+)");

    /** Findings of {@code subject}'s kube-proxy chains against its model. */
    public static List<Finding> find(NodeSubject subject) {
        ChainOrigins origins = new ChainOrigins(subject.views());
        List<Finding> out = new ArrayList<>();
        KubeProxyVersion expected = subject.expectedVersion();
        for (Ruleset rs : subject.rules().iptables()) {
            iptables(rs, origins, expected, out);
        }
        subject.rules().nft().ifPresent(l -> l.kubeProxyTables().forEach(t -> nft(t, origins, out)));
        return out;
    }

    private static void iptables(Ruleset rs, ChainOrigins origins, KubeProxyVersion expected, List<Finding> out) {
        List<Chain> chains = rs.table("nat").map(t -> t.chains()).orElse(List.of());
        List<String> markDrop = new ArrayList<>();
        for (Chain c : chains) {
            for (Rule r : c.rules()) {
                if (IptablesRules.jump(r).map("KUBE-MARK-DROP"::equals).orElse(false)) {
                    markDrop.add(IptablesRules.line(c.name(), r, rs.family()));
                }
            }
            if (!IPT_CHAIN.matcher(c.name()).matches()) {
                continue;
            }
            boolean sep = c.name().startsWith("KUBE-SEP-");
            Optional<HostPort> dnat = c.rules().stream().map(IptablesRules::dnat).flatMap(Optional::stream).findFirst();
            Optional<ChainOrigins.Origin> origin = origins.of(c.name());
            if (origin.isEmpty() && sep && dnat.isPresent()) {
                origin = origins.ofEndpointChain(c.name(), dnat.get());
            }
            List<String> lines = evidence(rs, c);
            if (origin.isEmpty()) {
                String hint = c.rules().stream().map(Rule::comment).flatMap(Optional::stream).findFirst()
                        .map(s -> " (its comment says \"" + s + "\")").orElse("");
                out.add(new Finding(FindingKind.UNTRACEABLE_CHAIN, c.name(), "", c.name()
                        + " hashes from no service port" + (sep ? " or endpoint" : "") + " of the input" + hint, lines));
                continue;
            }
            ChainOrigins.Origin o = origin.get();
            String spn = o.entry().info().name().toString();
            String key = o.entry().info().name().serviceKey();
            if (o.form().legacy() && expected.atLeast(1, 19)) {
                out.add(new Finding(FindingKind.OLDER_VERSION_RULES, c.name(), key, c.name() + " is " + spn
                        + "'s chain hashed from \"" + o.form().text() + "\", the ServicePortName form of kube-proxy "
                        + o.form().releases() + " (expected v" + expected + ")", lines));
            } else if (o.prefix().equals("KUBE-XLB-") && expected.atLeast(1, 24)) {
                out.add(new Finding(FindingKind.OLDER_VERSION_RULES, c.name(), key, c.name() + " is " + spn
                        + "'s KUBE-XLB chain, written by kube-proxy v1.4-v1.23 (expected v" + expected + ")", lines));
            }
            if (sep) {
                boolean current = o.entry().categorized().allReachable().stream().map(EndpointInfo::address)
                        .anyMatch(a -> a.equals(o.endpoint()));
                boolean referenced = !IptablesRules.jumpsTo(rs, "nat", c.name()).isEmpty();
                if (!current || !referenced) {
                    out.add(new Finding(FindingKind.STALE_ENDPOINT_CHAIN, c.name(), key, c.name() + " is " + spn
                            + "'s chain for " + o.endpoint() + ", " + (!current ? "which is not an endpoint it uses now"
                            : "but no rule jumps to it"), lines));
                }
            }
        }
        if (!markDrop.isEmpty() && expected.atLeast(1, 25)) {
            out.add(new Finding(FindingKind.OLDER_VERSION_RULES, "KUBE-MARK-DROP", "", markDrop.size()
                    + " rule(s) jump to KUBE-MARK-DROP, which kube-proxy stopped using in v1.25 (expected v" + expected + ")", markDrop));
        }
    }

    /** The chain's declaration (when empty), its rules and the rules jumping to it. */
    private static List<String> evidence(Ruleset rs, Chain c) {
        List<String> lines = new ArrayList<>(IptablesRules.jumpsTo(rs, "nat", c.name()));
        List<String> own = IptablesRules.chainLines(rs, "nat", c.name());
        lines.addAll(own.isEmpty() ? List.of(":" + c.name() + " - [0:0]") : own);
        return lines;
    }

    private static void nft(NftTableText t, ChainOrigins origins, List<Finding> out) {
        for (NftChainText c : t.chains().values()) {
            Matcher m = NFT_CHAIN.matcher(c.name());
            if (!m.matches()) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (NftChainText other : t.chains().values()) {
                other.rules().stream().filter(r -> refers(r, c.name())).forEach(lines::add);
            }
            t.sets().values().forEach(els -> els.stream().filter(e -> refers(e, c.name())).forEach(lines::add));
            boolean referenced = !lines.isEmpty();
            lines.addAll(c.rules());
            String base = m.group(3);
            boolean hashOk = ChainNames.hash16(base).startsWith(m.group(2));
            Optional<ChainOrigins.Origin> origin = hashOk ? origins.of(c.name()) : Optional.empty();
            boolean endpoint = m.group(1).equals("endpoint");
            if (origin.isEmpty() && hashOk && endpoint && base.contains("__")) {
                var entry = origins.ofNftServiceBase(base.substring(0, base.indexOf("__")));
                if (entry.isPresent()) {
                    out.add(new Finding(FindingKind.STALE_ENDPOINT_CHAIN, c.name(), entry.get().info().name().serviceKey(), c.name() + " is "
                            + entry.get().info().name() + "'s chain for " + base.substring(base.indexOf("__") + 2)
                            + ", which is not an endpoint of it", lines));
                    continue;
                }
            }
            if (origin.isEmpty()) {
                out.add(new Finding(FindingKind.UNTRACEABLE_CHAIN, c.name(), "", c.name() + (hashOk
                        ? " names no service port of the input" : " has a hash that does not match its name (not kube-proxy's)"), lines));
                continue;
            }
            ChainOrigins.Origin o = origin.get();
            if (endpoint) {
                boolean current = o.entry().categorized().allReachable().stream().map(EndpointInfo::address)
                        .anyMatch(a -> a.equals(o.endpoint()));
                if (!current || !referenced) {
                    out.add(new Finding(FindingKind.STALE_ENDPOINT_CHAIN, c.name(), o.entry().info().name().serviceKey(), c.name() + " is " + o.entry().info().name()
                            + "'s chain for " + o.endpoint() + ", " + (!current ? "which is not an endpoint it uses now"
                            : "but nothing jumps to it"), lines));
                }
            }
        }
    }

    private static boolean refers(String text, String chain) {
        int at = text.indexOf(chain);
        while (at >= 0) {
            int end = at + chain.length();
            boolean startOk = at > 0 && (text.charAt(at - 1) == ' ');
            boolean endOk = end == text.length() || text.charAt(end) == ' ' || text.charAt(end) == ',';
            if (startOk && endOk) {
                return true;
            }
            at = text.indexOf(chain, at + 1);
        }
        return false;
    }
}
