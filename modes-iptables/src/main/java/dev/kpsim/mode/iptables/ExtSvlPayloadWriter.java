package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.RuleArgs.quoted;

import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole restore payload of one family in the KUBE-EXT/KUBE-SVL layout (v1.24+): {@code syncProxyRules} of
 * {@code pkg/proxy/iptables/proxier.go} on a full sync of a node that had none of kube-proxy's chains before (so
 * no stale {@code -X} lines). Fixed chains and rules, every service port in view order, the NodePorts tail rule
 * and the KUBE-FORWARD rules, in kube-proxy's write order. O(service ports × endpoints).
 */
final class ExtSvlPayloadWriter {
    static final String KUBE_SERVICES = "KUBE-SERVICES";
    static final String KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
    static final String KUBE_FORWARD = "KUBE-FORWARD";
    static final String KUBE_NODEPORTS = "KUBE-NODEPORTS";
    static final String KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
    static final String KUBE_FIREWALL = "KUBE-FIREWALL";
    static final String KUBE_POSTROUTING = "KUBE-POSTROUTING";
    static final String KUBE_MARK_MASQ = "KUBE-MARK-MASQ";
    static final String TAIL_COMMENT = quoted("kubernetes service nodeports; NOTE: this must be the last rule in this chain");

    private ExtSvlPayloadWriter() {
    }

    /** The filter and nat tables, in that order. */
    static List<RestoreTable> write(FamilyContext ctx, NodeProxyView view) {
        TableBuffer filter = new TableBuffer("filter");
        TableBuffer nat = new TableBuffer("nat");
        for (String c : List.of(KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL)) {
            filter.chain(c, null);
        }
        for (String c : List.of(KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ)) {
            nat.chain(c, null);
        }
        String m = ctx.mark();
        nat.rule(Provenance.fixed(Roles.POSTROUTING_RETURN), RuleArgs.append(KUBE_POSTROUTING)
                .add("-m", "mark", "!", "--mark", ctx.markMatch()).jump("RETURN"));
        nat.rule(Provenance.fixed(Roles.POSTROUTING_UNMARK), RuleArgs.append(KUBE_POSTROUTING)
                .jump("MARK").add("--xor-mark", m));
        RuleArgs masq = RuleArgs.append(KUBE_POSTROUTING)
                .comment(quoted("kubernetes service traffic requiring SNAT")).jump("MASQUERADE");
        if (ctx.randomFully()) {
            masq.add("--random-fully");
        }
        nat.rule(Provenance.fixed(Roles.POSTROUTING_MASQUERADE), masq);
        nat.rule(Provenance.fixed(Roles.MARK_MASQ), RuleArgs.append(KUBE_MARK_MASQ).jump("MARK").add("--or-mark", m));

        if (ctx.flavour().kubeFirewallRule() && !ctx.ipv6() && ctx.localhostNodePorts()) {
            filter.chain(KUBE_FIREWALL, null);
            filter.rule(Provenance.fixed(Roles.LOCALNET_BLOCK), RuleArgs.append(KUBE_FIREWALL)
                    .comment(quoted("block incoming localnet connections"))
                    .add("-d", "127.0.0.0/8", "!", "-s", "127.0.0.0/8", "-m", "conntrack", "!", "--ctstate",
                            "RELATED,ESTABLISHED,DNAT")
                    .jump("DROP"));
        }

        for (ServicePortEntry entry : view.servicePorts()) {
            new ExtSvlServicePortWriter(ctx, entry, filter, nat).write();
        }

        for (RuleArgs tail : tailRules(ctx)) {
            nat.rule(Provenance.fixed(Roles.NODEPORTS_TAIL), tail);
        }

        if (!(ctx.tcpBeLiberal() && ctx.flavour().invalidDropHonoursTcpLiberal())) {
            RuleArgs invalid = RuleArgs.append(KUBE_FORWARD).add("-m", "conntrack", "--ctstate", "INVALID");
            if (ctx.nfacctInvalid()) {
                invalid.add("-m", "nfacct", "--nfacct-name", "ct_state_invalid_dropped_pkts");
            }
            filter.rule(Provenance.fixed(Roles.FORWARD_INVALID_DROP), invalid.jump("DROP"));
        }
        filter.rule(Provenance.fixed(Roles.FORWARD_ACCEPT_MARKED), RuleArgs.append(KUBE_FORWARD)
                .comment(quoted("kubernetes forwarding rules")).add("-m", "mark", "--mark", ctx.markMatch())
                .jump("ACCEPT"));
        filter.rule(Provenance.fixed(Roles.FORWARD_ACCEPT_ESTABLISHED), RuleArgs.append(KUBE_FORWARD)
                .comment(quoted("kubernetes forwarding conntrack rule"))
                .add("-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED").jump("ACCEPT"));
        return List.of(filter.build(), nat.build());
    }

    /**
     * The last rules of nat KUBE-SERVICES: one {@code --dst-type LOCAL} rule when NodePorts work on every address,
     * otherwise one {@code -d nodeIP} rule per matching node address (loopback skipped for IPv6 or without
     * localhostNodePorts).
     */
    static List<RuleArgs> tailRules(FamilyContext ctx) {
        List<RuleArgs> out = new ArrayList<>();
        if (ctx.nodePortAddresses().matchAll()) {
            RuleArgs r = RuleArgs.append(KUBE_SERVICES).comment(TAIL_COMMENT).add("-m", "addrtype", "--dst-type", "LOCAL");
            if (ctx.ipv6()) {
                r.add("!", "-d", "::1/128");
            } else if (!ctx.localhostNodePorts()) {
                r.add("!", "-d", "127.0.0.0/8");
            }
            out.add(r.jump(KUBE_NODEPORTS));
            return out;
        }
        for (IpAddress ip : ctx.nodePortIps()) {
            if (ip.isLoopback() && (ctx.ipv6() || !ctx.localhostNodePorts())) {
                continue;
            }
            out.add(RuleArgs.append(KUBE_SERVICES).comment(TAIL_COMMENT).add("-d", ip.toString()).jump(KUBE_NODEPORTS));
        }
        return out;
    }
}
