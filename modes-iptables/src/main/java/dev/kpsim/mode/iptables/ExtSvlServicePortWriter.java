package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_EXTERNAL_SERVICES;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_MARK_MASQ;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_NODEPORTS;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_PROXY_FIREWALL;
import static dev.kpsim.mode.iptables.ExtSvlPayloadWriter.KUBE_SERVICES;
import static dev.kpsim.mode.iptables.RuleArgs.quoted;

import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.ChainNames;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.restore.Provenance;

/**
 * The rules of one service port in the KUBE-EXT/KUBE-SVL layout: the body of the service loop of
 * {@code syncProxyRules} ({@code pkg/proxy/iptables/proxier.go}), in its write order — ClusterIP, external IPs,
 * load-balancer IPs, NodePort, health-check port, the internal masquerade rule, KUBE-EXT, KUBE-FW, KUBE-SVC,
 * KUBE-SVL and the KUBE-SEP chains. A service port with no usable endpoint gets only filter REJECT rules (and its
 * health-check ACCEPT). Single use; O(endpoints).
 */
final class ExtSvlServicePortWriter {
    private final FamilyContext ctx;
    private final ServicePortInfo svc;
    private final CategorizedEndpoints cat;
    private final TableBuffer filter;
    private final TableBuffer nat;
    private final String spn;
    private final String proto;
    private final String port;

    ExtSvlServicePortWriter(FamilyContext ctx, ServicePortEntry entry, TableBuffer filter, TableBuffer nat) {
        this.ctx = ctx;
        this.svc = entry.info();
        this.cat = entry.categorized();
        this.filter = filter;
        this.nat = nat;
        this.spn = ctx.spn(svc.name());
        this.proto = svc.protocol().lower();
        this.port = Integer.toString(svc.port());
    }

    private Provenance prov(String role) {
        return Provenance.ofService(spn, role);
    }

    void write() {
        String svcChain = ChainNames.svc(spn, proto);
        String svlChain = ChainNames.svl(spn, proto);
        String extChain = ChainNames.ext(spn, proto);
        String fwChain = ChainNames.fw(spn, proto);
        boolean hasEndpoints = cat.hasAnyEndpoints();
        boolean usesSvc = !cat.clusterEndpoints().isEmpty() && svc.usesClusterEndpoints();
        boolean usesSvl = !cat.localEndpoints().isEmpty() && svc.usesLocalEndpoints();
        String internalChain = svc.internalPolicyLocal() ? svlChain : svcChain;
        boolean hasInternal = hasEndpoints && !(svc.internalPolicyLocal() && cat.localEndpoints().isEmpty());
        String externalPolicyChain = svc.externalPolicyLocal() ? svlChain : svcChain;
        boolean hasExternal = hasEndpoints && !(svc.externalPolicyLocal() && cat.localEndpoints().isEmpty());
        boolean usesExt = hasEndpoints && svc.externallyAccessible();
        boolean usesFw = hasEndpoints && !svc.loadBalancerVips().isEmpty() && !svc.loadBalancerSourceRanges().isEmpty();
        String lbChain = usesFw ? fwChain : extChain;

        String internalTarget = null;
        String internalComment = null;
        String externalTarget = null;
        String externalComment = null;
        String internalRole = null;
        String externalRole = null;
        if (!hasEndpoints) {
            internalTarget = externalTarget = "REJECT";
            internalComment = externalComment = quoted(spn + " has no endpoints");
            internalRole = externalRole = Roles.NO_ENDPOINTS_REJECT;
        } else {
            if (!hasInternal) {
                internalTarget = "DROP";
                internalComment = quoted(spn + " has no local endpoints");
                internalRole = Roles.NO_LOCAL_ENDPOINTS_DROP;
            }
            if (!hasExternal) {
                externalTarget = "DROP";
                externalComment = quoted(spn + " has no local endpoints");
                externalRole = Roles.NO_LOCAL_ENDPOINTS_DROP;
            }
        }

        // ClusterIP.
        String cip = ctx.host(svc.clusterIp());
        if (hasInternal) {
            nat.rule(prov(Roles.CLUSTER_IP), RuleArgs.append(KUBE_SERVICES).comment(quoted(spn + " cluster IP"))
                    .protocol(proto).add("-d", cip, "--dport", port).jump(internalChain));
        } else {
            filter.rule(prov(internalRole), RuleArgs.append(KUBE_SERVICES).comment(internalComment)
                    .protocol(proto).add("-d", cip, "--dport", port).jump(internalTarget));
        }

        // External IPs.
        for (IpAddress eip : svc.externalIps()) {
            if (hasEndpoints) {
                nat.rule(prov(Roles.EXTERNAL_IP), RuleArgs.append(KUBE_SERVICES).comment(quoted(spn + " external IP"))
                        .protocol(proto).add("-d", ctx.host(eip), "--dport", port).jump(extChain));
            }
            if (!hasExternal) {
                filter.rule(prov(externalRole), RuleArgs.append(KUBE_EXTERNAL_SERVICES).comment(externalComment)
                        .protocol(proto).add("-d", ctx.host(eip), "--dport", port).jump(externalTarget));
            }
        }

        // Load-balancer IPs.
        for (IpAddress lbip : svc.loadBalancerVips()) {
            if (hasEndpoints) {
                nat.rule(prov(Roles.LOAD_BALANCER_IP), RuleArgs.append(KUBE_SERVICES)
                        .comment(quoted(spn + " loadbalancer IP")).protocol(proto)
                        .add("-d", ctx.host(lbip), "--dport", port).jump(lbChain));
            }
            if (usesFw) {
                filter.rule(prov(Roles.FIREWALL_DROP), RuleArgs.append(KUBE_PROXY_FIREWALL)
                        .comment(quoted(spn + " traffic not accepted by " + fwChain)).protocol(proto)
                        .add("-d", ctx.host(lbip), "--dport", port).jump("DROP"));
            }
        }
        if (!hasExternal) {
            for (IpAddress lbip : svc.loadBalancerVips()) {
                filter.rule(prov(externalRole), RuleArgs.append(KUBE_EXTERNAL_SERVICES).comment(externalComment)
                        .protocol(proto).add("-d", ctx.host(lbip), "--dport", port).jump(externalTarget));
            }
        }

        // NodePort.
        if (svc.nodePort() != 0) {
            String np = Integer.toString(svc.nodePort());
            if (hasEndpoints) {
                if (ctx.localhostNodePorts() && !ctx.ipv6() && ctx.nfacctLocalhost()) {
                    nat.rule(prov(Roles.NODE_PORT), RuleArgs.append(KUBE_NODEPORTS).comment(spn).protocol(proto)
                            .add("-d", "127.0.0.0/8", "--dport", np)
                            .add("-m", "nfacct", "--nfacct-name", "localhost_nps_accepted_pkts").jump(extChain));
                }
                nat.rule(prov(Roles.NODE_PORT), RuleArgs.append(KUBE_NODEPORTS).comment(spn).protocol(proto)
                        .add("--dport", np).jump(extChain));
            }
            if (!hasExternal) {
                filter.rule(prov(externalRole), RuleArgs.append(KUBE_EXTERNAL_SERVICES).comment(externalComment)
                        .add("-m", "addrtype", "--dst-type", "LOCAL").protocol(proto).add("--dport", np)
                        .jump(externalTarget));
            }
        }

        // Health-check node port.
        if (svc.healthCheckNodePort() != 0) {
            filter.rule(prov(Roles.HEALTH_CHECK), RuleArgs.append(KUBE_NODEPORTS)
                    .comment(quoted(spn + " health check node port")).protocol("tcp")
                    .add("--dport", Integer.toString(svc.healthCheckNodePort())).jump("ACCEPT"));
        }

        // Internal traffic: masquerade off-cluster (or all) traffic to the ClusterIP.
        if (hasInternal) {
            RuleArgs args = RuleArgs.append(internalChain).comment(quoted(spn + " cluster IP")).protocol(proto)
                    .add("-d", cip, "--dport", port);
            if (ctx.masqueradeAll()) {
                nat.rule(prov(Roles.MASQUERADE_ALL), args.jump(KUBE_MARK_MASQ));
            } else if (ctx.detector().implemented()) {
                nat.rule(prov(Roles.MASQUERADE_OFF_CLUSTER), args.addAll(ctx.detector().ifNotLocal()).jump(KUBE_MARK_MASQ));
            }
        }

        if (usesExt) {
            writeExternalChain(extChain, svcChain, externalPolicyChain, hasExternal);
        }
        if (usesFw) {
            writeFirewallChain(fwChain, extChain);
        }
        EndpointRules endpoints = new EndpointRules(ctx, svc, spn, nat);
        if (usesSvc) {
            nat.chain(svcChain, prov(Roles.CHAIN));
            endpoints.serviceToEndpoints(svcChain, cat.clusterEndpoints());
        }
        if (usesSvl) {
            nat.chain(svlChain, prov(Roles.CHAIN));
            endpoints.serviceToEndpoints(svlChain, cat.localEndpoints());
        }
        for (EndpointInfo ep : cat.allReachable()) {
            endpoints.endpointChain(ep);
        }
    }

    private void writeExternalChain(String extChain, String svcChain, String externalPolicyChain, boolean hasExternal) {
        nat.chain(extChain, prov(Roles.CHAIN));
        if (!svc.externalPolicyLocal()) {
            nat.rule(prov(Roles.MASQUERADE_EXTERNAL), RuleArgs.append(extChain)
                    .comment(quoted("masquerade traffic for " + spn + " external destinations")).jump(KUBE_MARK_MASQ));
        } else {
            if (ctx.detector().implemented()) {
                nat.rule(prov(Roles.EXTERNAL_LOCAL_SHORT_CIRCUIT), RuleArgs.append(extChain)
                        .comment(quoted("pod traffic for " + spn + " external destinations"))
                        .addAll(ctx.detector().ifLocal()).jump(svcChain));
            }
            nat.rule(prov(Roles.EXTERNAL_LOCAL_MASQUERADE), RuleArgs.append(extChain)
                    .comment(quoted("masquerade LOCAL traffic for " + spn + " external destinations"))
                    .add("-m", "addrtype", "--src-type", "LOCAL").jump(KUBE_MARK_MASQ));
            nat.rule(prov(Roles.EXTERNAL_LOCAL_ROUTE), RuleArgs.append(extChain)
                    .comment(quoted("route LOCAL traffic for " + spn + " external destinations"))
                    .add("-m", "addrtype", "--src-type", "LOCAL").jump(svcChain));
        }
        if (hasExternal) {
            nat.rule(prov(Roles.EXTERNAL_POLICY), RuleArgs.append(extChain).jump(externalPolicyChain));
        }
    }

    private void writeFirewallChain(String fwChain, String extChain) {
        nat.chain(fwChain, prov(Roles.CHAIN));
        RuleArgs base = RuleArgs.append(fwChain).comment(quoted(spn + " loadbalancer IP"));
        boolean allowFromNode = false;
        for (String range : svc.loadBalancerSourceRanges()) {
            Cidr cidr = Cidr.parse(range);
            String text = ctx.flavour().normalizedSourceRanges() ? cidr.toString() : range;
            nat.rule(prov(Roles.FIREWALL_ALLOW), base.copy().add("-s", text).jump(extChain));
            allowFromNode |= cidr.contains(ctx.nodeIp());
        }
        if (allowFromNode) {
            for (IpAddress lbip : svc.loadBalancerVips()) {
                nat.rule(prov(Roles.FIREWALL_ALLOW), base.copy().add("-s", ctx.host(lbip)).jump(extChain));
            }
        }
        if (ctx.flavour().firewallChainTerminalRule()) {
            nat.rule(prov(Roles.FIREWALL_FALLTHROUGH), RuleArgs.append(fwChain)
                    .comment(quoted("other traffic to " + spn + " will be dropped by KUBE-PROXY-FIREWALL")));
        }
    }
}
