package dev.kpsim.core.analysis.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.netfilter.restore.RuleRoles;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Roles recognised in real dumps from kube-proxy's comments, chain names and targets (every mode, several versions). */
class RoleInferenceTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("nat", "PREROUTING", "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES", "jump"),
                Arguments.of("nat", "KUBE-SERVICES", "-A KUBE-SERVICES -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames cluster IP\" -m tcp --dport 80 -j KUBE-SVC-X", "cluster-ip"),
                Arguments.of("nat", "KUBE-SERVICES", "-A KUBE-SERVICES -d 10.250.0.20/32 -p tcp -m comment --comment \"default/shop:https external IP\" -m tcp --dport 443 -j KUBE-EXT-X", "external-ip"),
                Arguments.of("nat", "KUBE-SERVICES", "-A KUBE-SERVICES -d 203.0.113.10/32 -p tcp -m comment --comment \"default/shop:https loadbalancer IP\" -m tcp --dport 443 -j KUBE-FW-X", "load-balancer-ip"),
                Arguments.of("nat", "KUBE-SERVICES", "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS", "nodeports-tail"),
                Arguments.of("nat", "KUBE-SERVICES", "-A KUBE-SERVICES ! -s 10.244.0.0/16 -d 10.0.0.10/32 -p tcp -m comment --comment \"ns/svc:p cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ", "masquerade-off-cluster"),
                Arguments.of("nat", "KUBE-NODEPORTS", "-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30080 -j KUBE-EXT-X", "node-port"),
                Arguments.of("filter", "KUBE-NODEPORTS", "-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/shop:https health check node port\" -m tcp --dport 30001 -j ACCEPT", "health-check"),
                Arguments.of("nat", "KUBE-SVC-X", "-A KUBE-SVC-X ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment \"kube-system/kube-dns:dns cluster IP\" -m udp --dport 53 -j KUBE-MARK-MASQ", "masquerade-off-cluster"),
                Arguments.of("nat", "KUBE-SVC-X", "-A KUBE-SVC-X -m comment --comment \"a/b -> 10.244.0.2:53\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-Y", "load-balance"),
                Arguments.of("nat", "KUBE-SVC-X", "-A KUBE-SVC-X -m comment --comment \"a/b -> 10.244.0.2:53\" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-Y --mask 255.255.255.255 --rsource -j KUBE-SEP-Y", "affinity-check"),
                Arguments.of("nat", "KUBE-SEP-Y", "-A KUBE-SEP-Y -s 10.244.1.7/32 -m comment --comment \"default/hostnames\" -j KUBE-MARK-MASQ", "hairpin-masquerade"),
                Arguments.of("nat", "KUBE-SEP-Y", "-A KUBE-SEP-Y -p tcp -m comment --comment \"default/hostnames\" -m tcp -j DNAT --to-destination 10.244.1.7:9376", "endpoint-dnat"),
                Arguments.of("nat", "KUBE-EXT-X", "-A KUBE-EXT-X -s 10.244.0.0/16 -m comment --comment \"pod traffic for default/web:http external destinations\" -j KUBE-SVC-X", "external-local-short-circuit"),
                Arguments.of("nat", "KUBE-EXT-X", "-A KUBE-EXT-X -m comment --comment \"masquerade LOCAL traffic for default/web:http external destinations\" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ", "external-local-masquerade"),
                Arguments.of("nat", "KUBE-EXT-X", "-A KUBE-EXT-X -m comment --comment \"route LOCAL traffic for default/web:http external destinations\" -m addrtype --src-type LOCAL -j KUBE-SVC-X", "external-local-route"),
                Arguments.of("nat", "KUBE-EXT-X", "-A KUBE-EXT-X -j KUBE-SVL-X", "external-policy"),
                Arguments.of("nat", "KUBE-EXT-X", "-A KUBE-EXT-X -m comment --comment \"masquerade traffic for default/web:http external destinations\" -j KUBE-MARK-MASQ", "masquerade-external"),
                Arguments.of("nat", "KUBE-FW-X", "-A KUBE-FW-X -s 198.51.100.0/24 -m comment --comment \"default/shop:https loadbalancer IP\" -j KUBE-EXT-X", "firewall-allow"),
                Arguments.of("nat", "KUBE-FW-X", "-A KUBE-FW-X -m comment --comment \"other traffic to default/shop:https will be dropped by KUBE-PROXY-FIREWALL\"", "firewall-fallthrough"),
                Arguments.of("nat", "KUBE-XLB-X", "-A KUBE-XLB-X -m comment --comment \"default/web:http has no local endpoints\" -j KUBE-MARK-DROP", "no-local-endpoints-drop"),
                Arguments.of("filter", "KUBE-EXTERNAL-SERVICES", "-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment \"default/web:http has no local endpoints\" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP", "no-local-endpoints-drop"),
                Arguments.of("filter", "KUBE-SERVICES", "-A KUBE-SERVICES -d 10.96.200.7/32 -p tcp -m comment --comment \"default/no-ep:http has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable", "no-endpoints-reject"),
                Arguments.of("filter", "KUBE-PROXY-FIREWALL", "-A KUBE-PROXY-FIREWALL -d 203.0.113.10/32 -p tcp -m comment --comment \"default/shop:https traffic not accepted by KUBE-FW-X\" -m tcp --dport 443 -j DROP", "firewall-drop"),
                Arguments.of("filter", "KUBE-FORWARD", "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP", "forward-invalid-drop"),
                Arguments.of("filter", "KUBE-FORWARD", "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT", "forward-accept-marked"),
                Arguments.of("filter", "KUBE-FORWARD", "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "forward-accept-established"),
                Arguments.of("filter", "KUBE-FIREWALL", "-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP", "localnet-block"),
                Arguments.of("nat", "KUBE-MARK-MASQ", "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000", "mark-masq"),
                Arguments.of("nat", "KUBE-POSTROUTING", "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN", "postrouting-return"),
                Arguments.of("nat", "KUBE-POSTROUTING", "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0", "postrouting-unmark"),
                Arguments.of("nat", "KUBE-POSTROUTING", "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully", "postrouting-masquerade"),
                Arguments.of("nat", "KUBE-POSTROUTING", "-A KUBE-POSTROUTING -m comment --comment \"Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose\" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE", "loop-back-masquerade"),
                Arguments.of("nat", "KUBE-SERVICES", "-A KUBE-SERVICES -m comment --comment \"Kubernetes service cluster ip + port for masquerade purpose\" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ", "masquerade-off-cluster"),
                Arguments.of("nat", "KUBE-SERVICES", "-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT", "ipvs-accept"),
                Arguments.of("nat", "KUBE-PORTALS-CONTAINER", "-A KUBE-PORTALS-CONTAINER -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames:\" -m tcp --dport 80 -j REDIRECT --to-ports 36000", "portal-redirect"),
                Arguments.of("ip kube-proxy", "services", "ip daddr . meta l4proto . th dport vmap @service-ips", "service-dispatch"),
                Arguments.of("ip kube-proxy", "endpoint-VUNWOAHI-default/hostnames/tcp/__10.244.1.7/9376", "ip saddr 10.244.1.7 jump mark-for-masquerade", "hairpin-masquerade"),
                Arguments.of("ip kube-proxy", "endpoint-VUNWOAHI-default/hostnames/tcp/__10.244.1.7/9376", "meta l4proto tcp dnat to 10.244.1.7:9376", "endpoint-dnat"),
                Arguments.of("ip kube-proxy", "service-EJAJPSCL-default/hostnames/tcp/", "numgen random mod 3 vmap { 0 : goto a, 1 : goto b, 2 : goto c }", "load-balance"),
                Arguments.of("ip kube-proxy", "external-X-default/web/tcp/http", "ip saddr 10.244.0.0/16 goto service-X-default/web/tcp/http comment \"short-circuit pod traffic\"", "external-local-short-circuit"),
                Arguments.of("ip kube-proxy", "firewall-X-default/shop/tcp/https", "ip saddr != 198.51.100.0/24 drop", "firewall-drop"),
                Arguments.of("ip kube-proxy", "masquerading", "masquerade fully-random", "postrouting-masquerade"),
                Arguments.of("ip kube-proxy", "reject-chain", "reject", "no-endpoints-reject"),
                Arguments.of("ip kube-proxy", "nat-prerouting", "jump services", "jump"));
    }

    @ParameterizedTest(name = "{1}: {3}")
    @MethodSource("rules")
    void kubeProxysRulesAreRecognised(String table, String chain, String text, String role) {
        assertThat(RoleInference.infer(table, chain, text)).hasValue(role);
        assertThat(RuleRoles.known(role)).as("the catalogue explains %s", role).isTrue();
    }

    @ParameterizedTest
    @MethodSource("foreign")
    void otherAgentsRulesGetNoRole(String table, String chain, String text) {
        assertThat(RoleInference.infer(table, chain, text)).isEmpty();
    }

    static Stream<Arguments> foreign() {
        return Stream.of(
                Arguments.of("nat", "POSTROUTING", "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE"),
                Arguments.of("filter", "FLANNEL-FWD", "-A FLANNEL-FWD -s 10.244.0.0/16 -j ACCEPT"),
                Arguments.of("nat", "cali-nat-outgoing", "-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -j MASQUERADE"));
    }

    @ParameterizedTest
    @MethodSource("comments")
    void commentsAreReadQuotedOrNot(String text, String comment) {
        assertThat(RoleInference.comment(text)).isEqualTo(comment);
    }

    static Stream<Arguments> comments() {
        return Stream.of(
                Arguments.of("-A X -m comment --comment \"a b\" -j Y", "a b"),
                Arguments.of("-A X -m comment --comment default/hostnames -s 10.0.0.1 -j Y", "default/hostnames"),
                Arguments.of("ip saddr 1.2.3.4 goto x comment \"short-circuit pod traffic\"", "short-circuit pod traffic"),
                Arguments.of("-A X -j Y", null));
    }
}
