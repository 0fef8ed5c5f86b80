package dev.kpsim.mode.iptables;

import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Generates what kube-proxy in iptables mode programs on one node: picks the output flavour for the configured
 * kube-proxy version, decides which IP families the node's proxier runs ({@code NewDualStackProxier}), and writes
 * one restore payload per family plus its built-in chain rules. Pure: the same input gives the same data plane.
 */
public final class IptablesGenerator {
    private IptablesGenerator() {
    }

    /** Generates the data plane of {@code input}'s node with the given node facts. */
    public static IptablesDataPlane generate(ProxyInput input, IptablesOptions options) {
        ProxyConfig cfg = input.config();
        KubeProxyVersion version = cfg.kubeProxyVersion();
        IptablesFlavour flavour = IptablesFlavour.forVersion(version);
        List<Diagnostic> notes = new ArrayList<>();
        if (!flavour.reproducesExactly(version)) {
            notes.add(Diagnostic.note(null, "flavour-approximation", "kube-proxy " + version
                    + " output is reproduced with the " + flavour + " flavour"));
        }
        Optional<Node> node = input.cluster().node(input.nodeName());
        if (node.isEmpty()) {
            notes.add(Diagnostic.note(null, "unknown-node", "node " + input.nodeName()
                    + " is not in the cluster: no endpoint is local and NodePorts use only loopback addresses"));
        }
        List<IpFamily> families = families(input, node);
        if (flavour.layout() == IptablesFlavour.Layout.INLINE_MARK) {
            if (families.contains(IpFamily.IPV6)) {
                notes.add(Diagnostic.note(null, "unsupported-in-flavour",
                        "kube-proxy " + flavour + " had no IPv6 support: only the IPv4 rules are written"));
            }
            families = List.of(IpFamily.IPV4);
            notes.addAll(inlineMarkNotes(input, flavour));
        }
        List<RestorePayload> payloads = new ArrayList<>();
        List<FamilyContext> contexts = new ArrayList<>();
        for (IpFamily family : families) {
            NodeProxyView view = input.view(family);
            FamilyContext ctx = FamilyContext.of(flavour, options, cfg, view);
            List<RestoreTable> tables = flavour.layout() == IptablesFlavour.Layout.INLINE_MARK
                    ? InlineMarkPayloadWriter.write(ctx, view, cfg)
                    : ExtSvlPayloadWriter.write(ctx, view);
            payloads.add(new RestorePayload(family, tables, BuiltinRules.of(flavour, ctx)));
            contexts.add(ctx);
        }
        return new IptablesDataPlane(flavour, payloads, BuiltinRules.ensuredChains(flavour), notes,
                contexts.stream().anyMatch(FamilyContext::largeClusterMode));
    }

    /**
     * The families whose proxier runs: those of the Services' ClusterIPs and of the node's own addresses;
     * IPv4 alone when there is neither.
     */
    static List<IpFamily> families(ProxyInput input, Optional<Node> node) {
        List<IpFamily> out = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            boolean nodeHas = node.map(n -> n.primaryIp(f).isPresent()).orElse(false);
            if (input.hasFamily(f) || nodeHas) {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            out.add(IpFamily.IPV4);
        }
        return out;
    }

    private static List<Diagnostic> inlineMarkNotes(ProxyInput input, IptablesFlavour flavour) {
        List<Diagnostic> notes = new ArrayList<>();
        String era = "kube-proxy " + flavour;
        for (Service s : input.cluster().services()) {
            if (s.skippedByProxy()) {
                continue;
            }
            if (s.externalTrafficPolicy() == TrafficPolicy.Local || s.internalTrafficPolicy() == TrafficPolicy.Local) {
                notes.add(Diagnostic.note(s.location(), "unsupported-in-flavour", era
                        + " had no traffic policies: " + s.key() + " is written as if both were Cluster"));
            }
            if (!s.loadBalancerSourceRanges().isEmpty()) {
                notes.add(Diagnostic.note(s.location(), "unsupported-in-flavour", era
                        + " did not enforce loadBalancerSourceRanges: " + s.key() + " accepts every source"));
            }
            if (s.sessionAffinity() == SessionAffinity.ClientIP
                    && s.affinityTimeoutSeconds() != InlineMarkPayloadWriter.AFFINITY_SECONDS) {
                notes.add(Diagnostic.note(s.location(), "unsupported-in-flavour", era
                        + " used a fixed ClientIP affinity timeout of 10800 s for " + s.key()));
            }
        }
        return notes;
    }
}
