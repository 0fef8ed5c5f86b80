package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.ACCEPT;
import static dev.kpsim.core.netfilter.engine.Nf.DROP;
import static dev.kpsim.core.netfilter.engine.Nf.RETURN;
import static dev.kpsim.core.netfilter.engine.Nf.comment;
import static dev.kpsim.core.netfilter.engine.Nf.ctstate;
import static dev.kpsim.core.netfilter.engine.Nf.dnat;
import static dev.kpsim.core.netfilter.engine.Nf.dst;
import static dev.kpsim.core.netfilter.engine.Nf.jump;
import static dev.kpsim.core.netfilter.engine.Nf.mark;
import static dev.kpsim.core.netfilter.engine.Nf.masquerade;
import static dev.kpsim.core.netfilter.engine.Nf.notSrc;
import static dev.kpsim.core.netfilter.engine.Nf.orMark;
import static dev.kpsim.core.netfilter.engine.Nf.prob;
import static dev.kpsim.core.netfilter.engine.Nf.proto;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static dev.kpsim.core.netfilter.engine.Nf.src;
import static dev.kpsim.core.netfilter.engine.Nf.tcp;
import static dev.kpsim.core.netfilter.engine.Nf.xorMark;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.CtState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kubernetes.io "hostnames" example in current kube-proxy form (iptables.md §6-§8) on node-3, which hosts
 * endpoint 10.244.3.6: ClusterIP 10.0.1.175:80 → 10.244.1.7, 10.244.2.3, 10.244.3.6 on port 9376, cluster CIDR
 * 10.244.0.0/16, mark 0x4000.
 */
final class Hostnames {
    static final String SVC = "KUBE-SVC-NWV5X2332I4OT4T3";
    static final String[] EPS = {"10.244.1.7", "10.244.2.3", "10.244.3.6"};
    static final String[] SEPS = {"KUBE-SEP-WNBA2IHDGP2BOBGZ", "KUBE-SEP-X3P2623AGDH6CDF3", "KUBE-SEP-57KPRZ3JQVENLNBR"};
    static final String NODE_IP = "192.168.0.13";

    private Hostnames() {
    }

    static NodeEnvironment env() {
        return new NodeEnvironment("node-3", List.of(IpAddress.parse(NODE_IP)),
                Map.of(IpAddress.parse("10.244.3.6"), "default/hostnames-3"),
                Map.of(Cidr.parse("10.244.1.0/24"), "node-1", Cidr.parse("10.244.2.0/24"), "node-2"),
                List.of(Cidr.parse("10.244.3.0/24")), "cni0", "eth0", "veth");
    }

    static Ruleset ruleset() {
        return ruleset(false);
    }

    /** @param affinity ClientIP session affinity (10800 s) as kube-proxy writes it */
    static Ruleset ruleset(boolean affinity) {
        Nf.Builder b = Nf.v4();
        b.builtin("nat", "PREROUTING", "ACCEPT", rule(jump("KUBE-SERVICES"), comment("kubernetes service portals")));
        b.builtin("nat", "INPUT", "ACCEPT");
        b.builtin("nat", "OUTPUT", "ACCEPT", rule(jump("KUBE-SERVICES"), comment("kubernetes service portals")));
        b.builtin("nat", "POSTROUTING", "ACCEPT", rule(jump("KUBE-POSTROUTING"), comment("kubernetes postrouting rules")));
        b.chain("nat", "KUBE-SERVICES",
                rule(jump(SVC), comment("default/hostnames cluster IP"), tcp(80), proto("tcp"), dst("10.0.1.175/32")),
                rule(jump("KUBE-NODEPORTS"), comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
                        new AddrtypeMatch(null, false, "LOCAL", false, false, false)));
        b.chain("nat", "KUBE-NODEPORTS");
        b.chain("nat", "KUBE-POSTROUTING",
                rule(RETURN, mark(0x4000, 0x4000, true)),
                rule(xorMark(0x4000)),
                rule(masquerade(), comment("kubernetes service traffic requiring SNAT")));
        b.chain("nat", "KUBE-MARK-MASQ", rule(orMark(0x4000)));
        List<Rule> svc = new ArrayList<>();
        svc.add(rule(jump("KUBE-MARK-MASQ"), comment("default/hostnames cluster IP"), tcp(80), proto("tcp"),
                dst("10.0.1.175/32"), notSrc("10.244.0.0/16")));
        if (affinity) {
            for (int i = 0; i < 3; i++) {
                svc.add(rule(jump(SEPS[i]), comment("default/hostnames -> " + EPS[i] + ":9376"),
                        new dev.kpsim.core.netfilter.match.RecentMatch(dev.kpsim.core.netfilter.match.RecentMatch.Mode.RCHECK,
                                SEPS[i], 10800, true, null, false, "255.255.255.255", true, false)));
            }
        }
        svc.add(rule(jump(SEPS[0]), comment("default/hostnames -> 10.244.1.7:9376"), prob("0.3333333333")));
        svc.add(rule(jump(SEPS[1]), comment("default/hostnames -> 10.244.2.3:9376"), prob("0.5000000000")));
        svc.add(rule(jump(SEPS[2]), comment("default/hostnames -> 10.244.3.6:9376")));
        b.chain("nat", SVC, svc.toArray(new Rule[0]));
        for (int i = 0; i < 3; i++) {
            if (affinity) {
                b.chain("nat", SEPS[i],
                        rule(jump("KUBE-MARK-MASQ"), comment("default/hostnames"), src(EPS[i] + "/32")),
                        rule(dnat(EPS[i] + ":9376"), comment("default/hostnames"),
                                new dev.kpsim.core.netfilter.match.RecentMatch(dev.kpsim.core.netfilter.match.RecentMatch.Mode.SET,
                                        SEPS[i], null, false, null, false, "255.255.255.255", true, false),
                                proto("tcp")));
            } else {
                b.chain("nat", SEPS[i],
                        rule(jump("KUBE-MARK-MASQ"), comment("default/hostnames"), src(EPS[i] + "/32")),
                        rule(dnat(EPS[i] + ":9376"), comment("default/hostnames"), proto("tcp")));
            }
        }
        b.builtin("filter", "INPUT", "ACCEPT");
        b.builtin("filter", "FORWARD", "ACCEPT", rule(jump("KUBE-FORWARD"), comment("kubernetes forwarding rules")));
        b.builtin("filter", "OUTPUT", "ACCEPT");
        b.chain("filter", "KUBE-FORWARD",
                rule(DROP, ctstate(false, CtState.INVALID)),
                rule(ACCEPT, comment("kubernetes forwarding rules"), mark(0x4000, 0x4000, false)),
                rule(ACCEPT, comment("kubernetes forwarding conntrack rule"), ctstate(false, CtState.RELATED, CtState.ESTABLISHED)));
        return b.build();
    }
}
