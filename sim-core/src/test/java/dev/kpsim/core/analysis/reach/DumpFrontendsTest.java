package dev.kpsim.core.analysis.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.kpsim.core.analysis.Fixtures;
import dev.kpsim.core.analysis.graph.GraphChain;
import dev.kpsim.core.analysis.graph.GraphJump;
import dev.kpsim.core.analysis.graph.GraphRule;
import dev.kpsim.core.analysis.graph.IptablesGraphSource;
import dev.kpsim.core.analysis.graph.RuleGraphSource;
import dev.kpsim.core.net.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frontends read from kube-proxy's dispatch rules of a dump, without the cluster's objects. */
class DumpFrontendsTest {

    @Test
    void iptablesKubeServicesAndNodePortsNameEveryFrontend() {
        RuleGraphSource src = IptablesGraphSource.of(Fixtures.ruleset(Fixtures.resource("lb-node-1.save"), "lb"), "iptables-save");
        List<ReachFrontend> fs = DumpFrontends.discover(src, List.of(IpAddress.parse("10.240.0.21")));
        assertThat(fs).extracting(ReachFrontend::id, ReachFrontend::kind, ReachFrontend::servicePort, f -> f.address().toString())
                .containsExactly(
                        tuple("F1", ReachFrontend.Kind.NODE_PORT, "default/shop:https", "10.240.0.21:30000"),
                        tuple("F2", ReachFrontend.Kind.CLUSTER_IP, "default/shop:https", "10.96.100.50:443"),
                        tuple("F3", ReachFrontend.Kind.EXTERNAL_IP, "default/shop:https", "10.250.0.20:443"),
                        tuple("F4", ReachFrontend.Kind.LOAD_BALANCER_IP, "default/shop:https", "203.0.113.10:443"));
    }

    @Test
    void nftablesMapsNameEveryFrontend() {
        GraphRule dispatch = new GraphRule(1, "ip daddr . meta l4proto . th dport vmap @service-ips", "", List.of(), List.of(
                new GraphJump("ip kube-proxy", "service-AAA-default/web/tcp/http", true, "@service-ips 10.96.0.10 . tcp . 80", null),
                new GraphJump("ip kube-proxy", "external-AAA-default/web/tcp/http", true, "@service-ips 203.0.113.9 . tcp . 80", null)),
                GraphRule.Action.CONTINUE, null, null, null);
        GraphRule nodePorts = new GraphRule(2, "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports", "",
                List.of(), List.of(new GraphJump("ip kube-proxy", "external-AAA-default/web/tcp/http", true,
                "@service-nodeports tcp . 30080", null)), GraphRule.Action.CONTINUE, null, null, null);
        RuleGraphSource src = new RuleGraphSource("nft", List.of(
                new GraphChain("ip kube-proxy", "services", null, null, List.of(dispatch, nodePorts), null)));
        assertThat(DumpFrontends.discover(src, List.of(IpAddress.parse("10.240.0.1"))))
                .extracting(ReachFrontend::kind, ReachFrontend::servicePort, f -> f.address().toString())
                .containsExactly(tuple(ReachFrontend.Kind.CLUSTER_IP, "default/web:http", "10.96.0.10:80"),
                        tuple(ReachFrontend.Kind.EXTERNAL_IP, "default/web:http", "203.0.113.9:80"),
                        tuple(ReachFrontend.Kind.NODE_PORT, "default/web:http", "10.240.0.1:30080"));
    }
}
