package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_NODEPORTS;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_SERVICES;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.TAIL_COMMENT;
import static dev.kpsim.mode.iptables.RuleArgs.quoted;

import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.ChainNames;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The nat-only restore payload of kube-proxy v1.2 ({@code syncProxyRules} of {@code pkg/proxy/iptables/proxier.go}
 * as of v1.1/v1.2): one KUBE-SVC chain per service port that KUBE-SERVICES always jumps to; the masquerade mark set
 * inline with {@code -j MARK --set-xmark M/M} (mark text {@code "%#08x/%#08x"} from PR #20496) for masqueradeAll,
 * off-cluster sources ({@code ! -s clusterCIDR}), external IPs, load-balancer IPs, NodePorts and hairpin traffic;
 * host addresses written as {@code /32}; the {@code %0.5f} probability cascade with the SVC rule and the SEP rules
 * of each endpoint written together; comments on every rule, unquoted when they are just the ServicePortName.
 *
 * <p>Only ready endpoints are used, string-sorted. That era had no traffic policies, source ranges or
 * terminating endpoints; the ClientIP affinity timeout was the fixed 180 minutes ({@code stickyMaxAgeMinutes},
 * unverified for v1.2 itself).
 */
final class InlineMarkPayloadWriter {
    /** The fixed ClientIP affinity timeout of that era: 180 minutes. */
    static final int AFFINITY_SECONDS = 180 * 60;

    private InlineMarkPayloadWriter() {
    }

    static List<RestoreTable> write(FamilyContext ctx, NodeProxyView view, ProxyConfig cfg) {
        TableBuffer nat = new TableBuffer("nat");
        nat.chain(KUBE_SERVICES, null);
        nat.chain(KUBE_NODEPORTS, null);
        Optional<Cidr> clusterCidr = cfg.clusterCidrs().stream().filter(c -> c.family() == IpFamily.IPV4).findFirst();
        for (ServicePortEntry entry : view.servicePorts()) {
            writeServicePort(ctx, entry, clusterCidr, nat);
        }
        nat.rule(Provenance.fixed(Roles.NODEPORTS_TAIL), RuleArgs.append(KUBE_SERVICES).comment(TAIL_COMMENT)
                .add("-m", "addrtype", "--dst-type", "LOCAL").jump(KUBE_NODEPORTS));
        return List.of(nat.build());
    }

    private static RuleArgs mark(RuleArgs args, FamilyContext ctx) {
        return args.jump("MARK").add("--set-xmark", ctx.mark());
    }

    private static void writeServicePort(FamilyContext ctx, ServicePortEntry entry, Optional<Cidr> clusterCidr,
                                         TableBuffer nat) {
        ServicePortInfo svc = entry.info();
        String spn = ctx.spn(svc.name());
        String proto = svc.protocol().lower();
        String port = Integer.toString(svc.port());
        String svcChain = ChainNames.svc(spn, proto);
        nat.chain(svcChain, Provenance.ofService(spn, Roles.CHAIN));

        RuleArgs cluster = RuleArgs.append(KUBE_SERVICES).comment(quoted(spn + " cluster IP")).protocol(proto)
                .add("-d", ctx.host(svc.clusterIp()), "--dport", port);
        if (ctx.masqueradeAll()) {
            nat.rule(Provenance.ofService(spn, Roles.MASQUERADE_ALL), mark(cluster.copy(), ctx));
        }
        if (clusterCidr.isPresent()) {
            nat.rule(Provenance.ofService(spn, Roles.MASQUERADE_OFF_CLUSTER),
                    mark(cluster.copy().add("!", "-s", clusterCidr.get().toString()), ctx));
        }
        nat.rule(Provenance.ofService(spn, Roles.CLUSTER_IP), cluster.jump(svcChain));

        for (IpAddress eip : svc.externalIps()) {
            RuleArgs args = RuleArgs.append(KUBE_SERVICES).comment(quoted(spn + " external IP")).protocol(proto)
                    .add("-d", ctx.host(eip), "--dport", port);
            nat.rule(Provenance.ofService(spn, Roles.MASQUERADE_EXTERNAL), mark(args.copy(), ctx));
            nat.rule(Provenance.ofService(spn, Roles.EXTERNAL_IP), args.copy()
                    .add("-m", "physdev", "!", "--physdev-is-in", "-m", "addrtype", "!", "--src-type", "LOCAL")
                    .jump(svcChain));
            nat.rule(Provenance.ofService(spn, Roles.EXTERNAL_IP), args.add("-m", "addrtype", "--dst-type", "LOCAL")
                    .jump(svcChain));
        }
        for (IpAddress lbip : svc.loadBalancerVips()) {
            RuleArgs args = RuleArgs.append(KUBE_SERVICES).comment(quoted(spn + " loadbalancer IP")).protocol(proto)
                    .add("-d", ctx.host(lbip), "--dport", port);
            nat.rule(Provenance.ofService(spn, Roles.MASQUERADE_EXTERNAL), mark(args.copy(), ctx));
            nat.rule(Provenance.ofService(spn, Roles.LOAD_BALANCER_IP), args.jump(svcChain));
        }
        if (svc.nodePort() != 0) {
            RuleArgs args = RuleArgs.append(KUBE_NODEPORTS).comment(spn).protocol(proto)
                    .add("--dport", Integer.toString(svc.nodePort()));
            nat.rule(Provenance.ofService(spn, Roles.MASQUERADE_EXTERNAL), mark(args.copy(), ctx));
            nat.rule(Provenance.ofService(spn, Roles.NODE_PORT), args.jump(svcChain));
        }

        List<EndpointInfo> eps = new ArrayList<>();
        for (EndpointInfo ep : entry.endpoints()) {
            if (ep.ready()) {
                eps.add(ep);
            }
        }
        List<String> sepChains = new ArrayList<>();
        for (EndpointInfo ep : eps) {
            String sep = ChainNames.sep(spn, proto, ep.toString());
            sepChains.add(sep);
            nat.chain(sep, Provenance.ofEndpoint(spn, ep.toString(), Roles.CHAIN));
        }
        if (svc.clientIpAffinity()) {
            for (int i = 0; i < eps.size(); i++) {
                nat.rule(Provenance.ofEndpoint(spn, eps.get(i).toString(), Roles.AFFINITY_CHECK),
                        RuleArgs.append(svcChain).comment(spn).add("-m", "recent", "--name", sepChains.get(i),
                                "--rcheck", "--seconds", Integer.toString(AFFINITY_SECONDS), "--reap")
                                .jump(sepChains.get(i)));
            }
        }
        int n = eps.size();
        for (int i = 0; i < n; i++) {
            EndpointInfo ep = eps.get(i);
            String sep = sepChains.get(i);
            String epText = ep.toString();
            RuleArgs balance = RuleArgs.append(svcChain).comment(spn);
            if (i < n - 1) {
                balance.add("-m", "statistic", "--mode", "random", "--probability",
                        GoFormat.probability(n - i, ctx.flavour().probabilityDecimals()));
            }
            nat.rule(Provenance.ofEndpoint(spn, epText, Roles.LOAD_BALANCE), balance.jump(sep));
            RuleArgs sepArgs = RuleArgs.append(sep).comment(spn);
            nat.rule(Provenance.ofEndpoint(spn, epText, Roles.HAIRPIN_MASQUERADE),
                    mark(sepArgs.copy().add("-s", ctx.host(ep.address().ip())), ctx));
            if (svc.clientIpAffinity()) {
                sepArgs.add("-m", "recent", "--name", sep, "--set");
            }
            nat.rule(Provenance.ofEndpoint(spn, epText, Roles.ENDPOINT_DNAT),
                    sepArgs.protocol(proto).jump("DNAT").add("--to-destination", epText));
        }
    }
}
