package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_MARK_MASQ;
import static dev.kpsim.mode.iptables.RuleArgs.quoted;

import dev.kpsim.core.kubeproxy.ChainNames;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.netfilter.restore.Provenance;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoint-selection rules of the KUBE-EXT/KUBE-SVL layout: {@code writeServiceToEndpointRules} (ClientIP
 * affinity {@code recent --rcheck} rules, then the {@code statistic} cascade 1/n, 1/(n-1), …, with an
 * unconditional last rule) and the per-endpoint KUBE-SEP chain (hairpin masquerade, then DNAT), both from
 * {@code pkg/proxy/iptables/proxier.go}. In large-cluster mode these rules carry no comment
 * ({@code appendServiceCommentLocked}).
 */
final class EndpointRules {
    private final FamilyContext ctx;
    private final ServicePortInfo svc;
    private final String spn;
    private final String proto;
    private final TableBuffer nat;

    EndpointRules(FamilyContext ctx, ServicePortInfo svc, String spn, TableBuffer nat) {
        this.ctx = ctx;
        this.svc = svc;
        this.spn = spn;
        this.proto = svc.protocol().lower();
        this.nat = nat;
    }

    /** Endpoint text and KUBE-SEP chain name, computed once per endpoint (a SHA-256 each). */
    private final Map<EndpointInfo, String[]> names = new IdentityHashMap<>();

    private String[] names(EndpointInfo ep) {
        String[] n = names.get(ep);
        if (n == null) {
            String text = ep.toString();
            n = new String[]{text, ChainNames.sep(spn, proto, text)};
            names.put(ep, n);
        }
        return n;
    }

    String sepChain(EndpointInfo ep) {
        return names(ep)[1];
    }

    private String text(EndpointInfo ep) {
        return names(ep)[0];
    }

    private RuleArgs withComment(RuleArgs args, String comment) {
        return ctx.largeClusterMode() ? args : args.comment(comment);
    }

    /** The endpoint comment ({@code "spn -> ip:port"} in arrow flavours), unless large-cluster mode drops it. */
    private RuleArgs withArrow(RuleArgs args, EndpointInfo ep) {
        if (ctx.largeClusterMode()) {
            return args;
        }
        return args.comment(ctx.flavour().arrowComments() ? quoted(spn + " -> " + text(ep)) : spn);
    }

    /** The rules of {@code chain} (a KUBE-SVC or KUBE-SVL chain) choosing among {@code eps}. */
    void serviceToEndpoints(String chain, List<EndpointInfo> eps) {
        if (svc.clientIpAffinity()) {
            for (EndpointInfo ep : eps) {
                String sep = sepChain(ep);
                nat.rule(Provenance.ofEndpoint(spn, text(ep), Roles.AFFINITY_CHECK),
                        withArrow(RuleArgs.append(chain), ep).add("-m", "recent", "--name", sep, "--rcheck",
                                "--seconds", Integer.toString(svc.affinityTimeoutSeconds()), "--reap").jump(sep));
            }
        }
        int n = eps.size();
        for (int i = 0; i < n; i++) {
            EndpointInfo ep = eps.get(i);
            RuleArgs args = withArrow(RuleArgs.append(chain), ep);
            if (i < n - 1) {
                args.add("-m", "statistic", "--mode", "random", "--probability",
                        GoFormat.probability(n - i, ctx.flavour().probabilityDecimals()));
            }
            nat.rule(Provenance.ofEndpoint(spn, text(ep), Roles.LOAD_BALANCE), args.jump(sepChain(ep)));
        }
    }

    /** Declares and fills the KUBE-SEP chain of {@code ep}. */
    void endpointChain(EndpointInfo ep) {
        String sep = sepChain(ep);
        String epText = text(ep);
        nat.chain(sep, Provenance.ofEndpoint(spn, epText, Roles.CHAIN));
        RuleArgs args = withComment(RuleArgs.append(sep), spn);
        nat.rule(Provenance.ofEndpoint(spn, epText, Roles.HAIRPIN_MASQUERADE),
                args.copy().add("-s", ctx.host(ep.address().ip())).jump(KUBE_MARK_MASQ));
        if (svc.clientIpAffinity()) {
            args.add("-m", "recent", "--name", sep, "--set");
        }
        nat.rule(Provenance.ofEndpoint(spn, epText, Roles.ENDPOINT_DNAT),
                args.protocol(proto).jump("DNAT").add("--to-destination", epText));
    }
}
