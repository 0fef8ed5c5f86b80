package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.Fixtures.TEST_NODE;
import static dev.kpsim.mode.iptables.Fixtures.ep;
import static dev.kpsim.mode.iptables.Fixtures.fakeProxierConfig;
import static dev.kpsim.mode.iptables.Fixtures.ingress;
import static dev.kpsim.mode.iptables.Fixtures.testNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceBuilder;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * kube-proxy's {@code TestNumberIptablesRules} ({@code pkg/proxy/iptables/number_generated_rules_test.go}): the
 * number of nat and filter rule lines (chain declarations excluded) for N services with M endpoints each, built
 * by its {@code generateServiceEndpoints} and synced by {@code NewFakeProxier} (detector by CIDR 10.0.0.0/8).
 *
 * <p>The table in issue 4 is the test's first version, from the v1.25–v1.26 era: no KUBE-FIREWALL rule (base filter
 * count 3) and KUBE-FW chains without the comment-only terminal rule (PR #114470 added both in v1.27). The file's
 * later version (v1.27/v1.28 era: base filter 4, one more nat rule per load balancer) is checked against the 1.28
 * flavour.
 */
class RuleCountTest {

    /** {@code generateServiceEndpoints}: svc{i} at 10.0.0.1+i, port "8080" 80+i→8080, endpoints 172.16.0.1+j. */
    static Cluster generate(int services, int endpointsPerService, boolean loadBalancer) {
        List<Service> svcs = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            ServiceBuilder b = Service.builder("namespace", "svc" + i).clusterIp(IpAddress.parse("10.0.0.1").plus(i));
            if (loadBalancer) {
                b.type(ServiceType.LoadBalancer).externalIp(IpAddress.parse("1.2.3.4")).loadBalancerSourceRange(" 1.2.3.4/28")
                        .loadBalancerIngress(ingress("1.2.3.4")).healthCheckNodePort(32000 + services + i)
                        .port(new ServicePort("8080", Protocol.TCP, 80 + i, PortRef.of(8080), 30000 + i));
            } else {
                b.port(new ServicePort("8080", Protocol.TCP, 80 + i, PortRef.of(8080), 0));
            }
            svcs.add(b.build());
            SliceEndpoint[] eps = new SliceEndpoint[endpointsPerService];
            for (int j = 0; j < endpointsPerService; j++) {
                eps[j] = ep(IpAddress.parse("172.16.0.1").plus(j).toString());
            }
            slices.add(new EndpointSlice("namespace", "svc" + i, "svc" + i, IpFamily.IPV4,
                    List.of(Fixtures.slicePort("8080", Protocol.TCP, 8080)), List.of(eps), null));
        }
        return Fixtures.cluster(List.of(testNode()), svcs, slices);
    }

    private static RestorePayload payload(KubeProxyVersion v, int services, int eps, boolean lb) {
        return Fixtures.generateUpstream(generate(services, eps, lb), fakeProxierConfig(v), TEST_NODE)
                .payload(IpFamily.IPV4).orElseThrow();
    }

    @ParameterizedTest(name = "{0} services x {1} endpoints, LoadBalancer={2}: nat {3}, filter {4}")
    @CsvSource({
            "0, 0, false, 5, 3",
            "1, 0, false, 5, 4",
            "1, 1, false, 10, 3",
            "1, 2, false, 13, 3",
            "1, 10, false, 37, 3",
            "10, 0, false, 5, 13",
            "10, 1, false, 55, 3",
            "10, 2, false, 85, 3",
            "10, 10, false, 325, 3",
            "0, 0, true, 5, 3",
            "1, 0, true, 5, 7",
            "1, 1, true, 16, 4",
            "1, 2, true, 19, 4",
            "1, 10, true, 43, 4",
            "10, 0, true, 5, 43",
            "10, 1, true, 115, 13",
            "10, 2, true, 145, 13",
            "10, 10, true, 385, 13"})
    void issueTableWithThe126Flavour(int services, int eps, boolean lb, int nat, int filter) {
        RestorePayload p = payload(new KubeProxyVersion(1, 26), services, eps, lb);
        assertThat(p.ruleCount("nat")).isEqualTo(nat);
        assertThat(p.ruleCount("filter")).isEqualTo(filter);
    }

    @ParameterizedTest(name = "{0} services x {1} endpoints, LoadBalancer={2}: nat {3}, filter {4}")
    @CsvSource({
            "0, 0, false, 5, 4",
            "1, 0, false, 5, 5",
            "1, 1, false, 10, 4",
            "1, 2, false, 13, 4",
            "1, 10, false, 37, 4",
            "10, 0, false, 5, 14",
            "10, 1, false, 55, 4",
            "10, 2, false, 85, 4",
            "10, 10, false, 325, 4",
            "0, 0, true, 5, 4",
            "1, 0, true, 5, 8",
            "1, 1, true, 17, 5",
            "1, 2, true, 20, 5",
            "1, 10, true, 44, 5",
            "10, 0, true, 5, 44",
            "10, 1, true, 125, 14",
            "10, 2, true, 155, 14",
            "10, 10, true, 395, 14"})
    void laterUpstreamTableWithThe128Flavour(int services, int eps, boolean lb, int nat, int filter) {
        RestorePayload p = payload(new KubeProxyVersion(1, 28), services, eps, lb);
        assertThat(p.ruleCount("nat")).isEqualTo(nat);
        assertThat(p.ruleCount("filter")).isEqualTo(filter);
    }
}
