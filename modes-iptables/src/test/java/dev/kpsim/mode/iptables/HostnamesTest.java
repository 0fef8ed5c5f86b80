package dev.kpsim.mode.iptables;

import dev.kpsim.core.netfilter.restore.EnsuredChain;

import static dev.kpsim.mode.iptables.Fixtures.ep;
import static dev.kpsim.mode.iptables.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes "Debug Services" hostnames example (Service default/hostnames, ClusterIP 10.0.1.175, unnamed TCP
 * port 80 → 9376, three endpoints, no clusterCIDR) on a real node, in the newest and the v1.2 flavours.
 */
class HostnamesTest {

    static Cluster hostnames() {
        Service svc = Service.builder("default", "hostnames").clusterIp(ip("10.0.1.175"))
                .port(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 0)).build();
        List<Node> nodes = List.of(
                new Node("node-1", List.of(ip("192.168.1.11")), List.of(), null, null),
                new Node("node-2", List.of(ip("192.168.1.12")), List.of(), null, null),
                new Node("node-3", List.of(ip("192.168.1.13")), List.of(), null, null));
        return Fixtures.cluster(nodes, List.of(svc), List.of(Fixtures.slice("default", "hostnames", "", 9376,
                ep("10.244.3.6", "node-3"), ep("10.244.1.7", "node-1"), ep("10.244.2.3", "node-2"))));
    }

    static IptablesDataPlane generate(KubeProxyVersion v) {
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().kubeProxyVersion(v).build();
        return new IptablesMode().generate(new ProxyInput(hostnames(), cfg, "node-1"));
    }

    @Test
    void latestFlavour() {
        IptablesDataPlane dp = generate(KubeProxyVersion.LATEST);
        assertThat(dp.flavour()).isEqualTo(IptablesFlavour.LATEST);
        assertThat(dp.notes()).isEmpty();
        assertThat(dp.render("restore")).isEqualTo("""
                *filter
                :KUBE-SERVICES - [0:0]
                :KUBE-EXTERNAL-SERVICES - [0:0]
                :KUBE-FORWARD - [0:0]
                :KUBE-NODEPORTS - [0:0]
                :KUBE-PROXY-FIREWALL - [0:0]
                :KUBE-FIREWALL - [0:0]
                -A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
                -A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
                -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT
                -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                COMMIT
                *nat
                :KUBE-SERVICES - [0:0]
                :KUBE-NODEPORTS - [0:0]
                :KUBE-POSTROUTING - [0:0]
                :KUBE-MARK-MASQ - [0:0]
                :KUBE-SVC-YN5D6RYVEVZOH44Q - [0:0]
                :KUBE-SEP-IQV2T7WZFFJMSXMA - [0:0]
                :KUBE-SEP-VVQPNQCRNAQTZLWG - [0:0]
                :KUBE-SEP-PR3FG6SU5SIGDY7O - [0:0]
                -A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN
                -A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000
                -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
                -A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000
                -A KUBE-SERVICES -m comment --comment "default/hostnames cluster IP" -m tcp -p tcp -d 10.0.1.175 --dport 80 -j KUBE-SVC-YN5D6RYVEVZOH44Q
                -A KUBE-SVC-YN5D6RYVEVZOH44Q -m comment --comment "default/hostnames -> 10.244.1.7:9376" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-IQV2T7WZFFJMSXMA
                -A KUBE-SVC-YN5D6RYVEVZOH44Q -m comment --comment "default/hostnames -> 10.244.2.3:9376" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-VVQPNQCRNAQTZLWG
                -A KUBE-SVC-YN5D6RYVEVZOH44Q -m comment --comment "default/hostnames -> 10.244.3.6:9376" -j KUBE-SEP-PR3FG6SU5SIGDY7O
                -A KUBE-SEP-IQV2T7WZFFJMSXMA -m comment --comment default/hostnames -s 10.244.1.7 -j KUBE-MARK-MASQ
                -A KUBE-SEP-IQV2T7WZFFJMSXMA -m comment --comment default/hostnames -m tcp -p tcp -j DNAT --to-destination 10.244.1.7:9376
                -A KUBE-SEP-VVQPNQCRNAQTZLWG -m comment --comment default/hostnames -s 10.244.2.3 -j KUBE-MARK-MASQ
                -A KUBE-SEP-VVQPNQCRNAQTZLWG -m comment --comment default/hostnames -m tcp -p tcp -j DNAT --to-destination 10.244.2.3:9376
                -A KUBE-SEP-PR3FG6SU5SIGDY7O -m comment --comment default/hostnames -s 10.244.3.6 -j KUBE-MARK-MASQ
                -A KUBE-SEP-PR3FG6SU5SIGDY7O -m comment --comment default/hostnames -m tcp -p tcp -j DNAT --to-destination 10.244.3.6:9376
                -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
                COMMIT
                """);
    }

    @Test
    void flavourOf12() {
        IptablesDataPlane dp = generate(new KubeProxyVersion(1, 2));
        assertThat(dp.flavour()).isEqualTo(IptablesFlavour.V1_2);
        assertThat(dp.notes()).isEmpty();
        assertThat(dp.render("restore")).isEqualTo("""
                *nat
                :KUBE-SERVICES - [0:0]
                :KUBE-NODEPORTS - [0:0]
                :KUBE-SVC-NWV5X2332I4OT4T3 - [0:0]
                :KUBE-SEP-WNBA2IHDGP2BOBGZ - [0:0]
                :KUBE-SEP-X3P2623AGDH6CDF3 - [0:0]
                :KUBE-SEP-57KPRZ3JQVENLNBR - [0:0]
                -A KUBE-SERVICES -m comment --comment "default/hostnames: cluster IP" -m tcp -p tcp -d 10.0.1.175/32 --dport 80 -j KUBE-SVC-NWV5X2332I4OT4T3
                -A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment default/hostnames: -m statistic --mode random --probability 0.33333 -j KUBE-SEP-WNBA2IHDGP2BOBGZ
                -A KUBE-SEP-WNBA2IHDGP2BOBGZ -m comment --comment default/hostnames: -s 10.244.1.7/32 -j MARK --set-xmark 0x00004000/0x00004000
                -A KUBE-SEP-WNBA2IHDGP2BOBGZ -m comment --comment default/hostnames: -m tcp -p tcp -j DNAT --to-destination 10.244.1.7:9376
                -A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment default/hostnames: -m statistic --mode random --probability 0.50000 -j KUBE-SEP-X3P2623AGDH6CDF3
                -A KUBE-SEP-X3P2623AGDH6CDF3 -m comment --comment default/hostnames: -s 10.244.2.3/32 -j MARK --set-xmark 0x00004000/0x00004000
                -A KUBE-SEP-X3P2623AGDH6CDF3 -m comment --comment default/hostnames: -m tcp -p tcp -j DNAT --to-destination 10.244.2.3:9376
                -A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment default/hostnames: -j KUBE-SEP-57KPRZ3JQVENLNBR
                -A KUBE-SEP-57KPRZ3JQVENLNBR -m comment --comment default/hostnames: -s 10.244.3.6/32 -j MARK --set-xmark 0x00004000/0x00004000
                -A KUBE-SEP-57KPRZ3JQVENLNBR -m comment --comment default/hostnames: -m tcp -p tcp -j DNAT --to-destination 10.244.3.6:9376
                -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
                COMMIT
                """);
        RestorePayload p = dp.payloads().get(0);
        assertThat(p.builtinJumps()).containsExactly(
                new RestorePayload.BuiltinJump("nat", "PREROUTING", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                new RestorePayload.BuiltinJump("nat", "OUTPUT", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                new RestorePayload.BuiltinJump("nat", "POSTROUTING",
                        "-m comment --comment \"kubernetes service traffic requiring SNAT\" -m mark --mark 0x00004000/0x00004000 -j MASQUERADE"));
        assertThat(dp.ensuredChains()).containsExactly(new EnsuredChain("nat", "KUBE-SERVICES"));
    }

    /** With a cluster CIDR, v1.2 marks off-cluster traffic to the ClusterIP in KUBE-SERVICES before the jump. */
    @Test
    void flavourOf12MasqueradesOffClusterSources() {
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().kubeProxyVersion(new KubeProxyVersion(1, 2))
                .clusterCidrs(List.of(dev.kpsim.core.net.Cidr.parse("10.244.0.0/16"))).masqueradeAll(true).build();
        IptablesDataPlane dp = new IptablesMode().generate(new ProxyInput(hostnames(), cfg, "node-1"));
        assertThat(dp.render("restore")).contains("""
                -A KUBE-SERVICES -m comment --comment "default/hostnames: cluster IP" -m tcp -p tcp -d 10.0.1.175/32 --dport 80 -j MARK --set-xmark 0x00004000/0x00004000
                -A KUBE-SERVICES -m comment --comment "default/hostnames: cluster IP" -m tcp -p tcp -d 10.0.1.175/32 --dport 80 ! -s 10.244.0.0/16 -j MARK --set-xmark 0x00004000/0x00004000
                -A KUBE-SERVICES -m comment --comment "default/hostnames: cluster IP" -m tcp -p tcp -d 10.0.1.175/32 --dport 80 -j KUBE-SVC-NWV5X2332I4OT4T3
                """);
    }
}
