package dev.kpsim.mode.iptables;

import dev.kpsim.core.netfilter.restore.EnsuredChain;

import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_EXTERNAL_SERVICES;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_FIREWALL;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_FORWARD;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_NODEPORTS;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_POSTROUTING;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_PROXY_FIREWALL;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_SERVICES;
import static dev.kpsim.mode.iptables.RuleArgs.quoted;

import dev.kpsim.core.netfilter.restore.RestorePayload.BuiltinJump;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules kube-proxy puts into built-in chains outside the restore payload, in the order the kernel ends up
 * with on a fresh node, and the chains it ensures.
 *
 * <p>KUBE-EXT/KUBE-SVL layout: {@code iptablesJumpChains} then {@code iptablesKubeletJumpChains}
 * ({@code pkg/proxy/iptables/proxier.go}), each written with {@code EnsureRule(Prepend, …)}: inserted at position
 * 1, so every built-in chain ends up in reverse list order. Arguments are {@code extraArgs}, then
 * {@code -m comment --comment C} (omitted for the kubelet duplicates, which have no comment), then
 * {@code -j DST}. v1.2 layout: PREROUTING/OUTPUT jumps prepended, and the MASQUERADE rule appended to
 * POSTROUTING ({@code EnsureRule(Append, …)}).
 *
 * <p>Rule text is in iptables-restore syntax: comments containing spaces are quoted.
 */
final class BuiltinRules {
    private BuiltinRules() {
    }

    private record Jump(String table, String dst, String src, String comment, List<String> extra) {
    }

    private static final List<String> NEW = List.of("-m", "conntrack", "--ctstate", "NEW");

    private static List<Jump> jumpChains(IptablesFlavour flavour) {
        List<Jump> jumps = new ArrayList<>(List.of(
                new Jump("filter", KUBE_EXTERNAL_SERVICES, "INPUT", "kubernetes externally-visible service portals", NEW),
                new Jump("filter", KUBE_EXTERNAL_SERVICES, "FORWARD", "kubernetes externally-visible service portals", NEW),
                new Jump("filter", KUBE_NODEPORTS, "INPUT", "kubernetes health check service ports", List.of()),
                new Jump("filter", KUBE_SERVICES, "FORWARD", "kubernetes service portals", NEW),
                new Jump("filter", KUBE_SERVICES, "OUTPUT", "kubernetes service portals", NEW),
                new Jump("filter", KUBE_FORWARD, "FORWARD", "kubernetes forwarding rules", List.of()),
                new Jump("filter", KUBE_PROXY_FIREWALL, "INPUT", "kubernetes load balancer firewall", NEW),
                new Jump("filter", KUBE_PROXY_FIREWALL, "OUTPUT", "kubernetes load balancer firewall", NEW),
                new Jump("filter", KUBE_PROXY_FIREWALL, "FORWARD", "kubernetes load balancer firewall", NEW),
                new Jump("nat", KUBE_SERVICES, "OUTPUT", "kubernetes service portals", List.of()),
                new Jump("nat", KUBE_SERVICES, "PREROUTING", "kubernetes service portals", List.of()),
                new Jump("nat", KUBE_POSTROUTING, "POSTROUTING", "kubernetes postrouting rules", List.of())));
        if (flavour.kubeFirewallRule()) {
            jumps.add(new Jump("filter", KUBE_FIREWALL, "INPUT", "", List.of()));
            jumps.add(new Jump("filter", KUBE_FIREWALL, "OUTPUT", "", List.of()));
        }
        return jumps;
    }

    private static String jumpText(Jump j) {
        RuleArgs args = RuleArgs.bare().addAll(j.extra());
        if (!j.comment().isEmpty()) {
            args.comment(quoted(j.comment()));
        }
        return args.jump(j.dst()).text();
    }

    /** The built-in chain rules of a flavour, grouped by table and chain, each chain's rules in kernel order. */
    static List<BuiltinJump> of(IptablesFlavour flavour, FamilyContext ctx) {
        Map<String, List<BuiltinJump>> byChain = new LinkedHashMap<>();
        if (flavour.layout() == IptablesFlavour.Layout.INLINE_MARK) {
            for (String src : List.of("OUTPUT", "PREROUTING")) {
                prepend(byChain, new BuiltinJump("nat", src,
                        RuleArgs.bare().comment(quoted("kubernetes service portals")).jump(KUBE_SERVICES).text()));
            }
            String masq = RuleArgs.bare().comment(quoted("kubernetes service traffic requiring SNAT"))
                    .add("-m", "mark", "--mark", ctx.mark()).jump("MASQUERADE").text();
            byChain.computeIfAbsent("nat POSTROUTING", k -> new ArrayList<>()).add(new BuiltinJump("nat", "POSTROUTING", masq));
        } else {
            for (Jump j : jumpChains(flavour)) {
                prepend(byChain, new BuiltinJump(j.table(), j.src(), jumpText(j)));
            }
        }
        List<BuiltinJump> out = new ArrayList<>();
        for (String table : List.of("filter", "nat")) {
            for (String chain : List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")) {
                out.addAll(byChain.getOrDefault(table + " " + chain, List.of()));
            }
        }
        return out;
    }

    private static void prepend(Map<String, List<BuiltinJump>> byChain, BuiltinJump j) {
        byChain.computeIfAbsent(j.table() + " " + j.chain(), k -> new ArrayList<>()).add(0, j);
    }

    /** The chains kube-proxy ensures outside the payload: jump targets, then the canary chains. */
    static List<EnsuredChain> ensuredChains(IptablesFlavour flavour) {
        Set<EnsuredChain> out = new LinkedHashSet<>();
        if (flavour.layout() == IptablesFlavour.Layout.INLINE_MARK) {
            out.add(new EnsuredChain("nat", KUBE_SERVICES));
            return List.copyOf(out);
        }
        for (Jump j : jumpChains(flavour)) {
            out.add(new EnsuredChain(j.table(), j.dst()));
        }
        for (String table : List.of("mangle", "nat", "filter")) {
            out.add(new EnsuredChain(table, "KUBE-PROXY-CANARY"));
        }
        return List.copyOf(out);
    }
}
