package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.Fixtures.TEST_NODE;
import static dev.kpsim.mode.iptables.Fixtures.cluster;
import static dev.kpsim.mode.iptables.Fixtures.ep;
import static dev.kpsim.mode.iptables.Fixtures.fakeProxierConfig;
import static dev.kpsim.mode.iptables.Fixtures.generateUpstream;
import static dev.kpsim.mode.iptables.Fixtures.ip;
import static dev.kpsim.mode.iptables.Fixtures.ipv4Restore;
import static dev.kpsim.mode.iptables.Fixtures.resource;
import static dev.kpsim.mode.iptables.Fixtures.slice;
import static dev.kpsim.mode.iptables.Fixtures.tcp;
import static dev.kpsim.mode.iptables.Fixtures.testNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.config.ConntrackSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-for-byte reproductions of expected outputs in kube-proxy's own unit tests
 * ({@code pkg/proxy/iptables/proxier_test.go}), compared in upstream's canonical sorted form.
 */
class UpstreamOutputTest {

    private static final KubeProxyVersion LATEST = KubeProxyVersion.LATEST;

    @Test
    void overallIptablesRulesLatest() {
        Cluster c = cluster(List.of(testNode()), Fixtures.overallServices(true), Fixtures.overallSlices(TEST_NODE));
        IptablesDataPlane dp = generateUpstream(c, fakeProxierConfig(LATEST), TEST_NODE);
        assertThat(UpstreamSort.sort(ipv4Restore(dp))).isEqualTo(resource("/upstream/overall-latest.txt"));
    }

    @Test
    void overallIptablesRulesOf128() {
        Cluster c = cluster(List.of(testNode()), Fixtures.overallServices(false), Fixtures.overallSlices(TEST_NODE));
        IptablesDataPlane dp = generateUpstream(c, fakeProxierConfig(new KubeProxyVersion(1, 28)), TEST_NODE);
        assertThat(dp.flavour()).isEqualTo(IptablesFlavour.V1_28);
        assertThat(dp.notes()).isEmpty();
        assertThat(UpstreamSort.sort(ipv4Restore(dp))).isEqualTo(resource("/upstream/overall-1.28.txt"));
    }

    @Test
    void syncProxyRulesRepeatedInitialState() {
        Cluster c = cluster(List.of(testNode()),
                List.of(Service.builder("ns1", "svc1").clusterIp(ip("172.30.0.41")).port(tcp("p80", 80)).build(),
                        Service.builder("ns2", "svc2").clusterIp(ip("172.30.0.42")).port(tcp("p8080", 8080)).build()),
                List.of(slice("ns1", "svc1", "p80", 80, ep("10.0.1.1")),
                        slice("ns2", "svc2", "p8080", 8080, ep("10.0.2.1"))));
        IptablesDataPlane dp = generateUpstream(c, fakeProxierConfig(LATEST), TEST_NODE);
        assertThat(UpstreamSort.sort(ipv4Restore(dp))).isEqualTo(resource("/upstream/repeated-initial.txt"));
    }

    /** {@code TestDropInvalidRule}: the INVALID drop with and without nfacct, and left out with tcp_be_liberal. */
    @Test
    void dropInvalidRule() {
        Cluster empty = cluster(List.of(testNode()), List.of(), List.of());
        String tail = "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT\n"
                + "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n";
        ProxyConfig cfg = fakeProxierConfig(LATEST);
        IptablesOptions upstream = IptablesOptions.upstreamUnitTest();

        assertThat(chain(gen(empty, cfg, upstream.withNfacct(false)), "filter", "KUBE-FORWARD"))
                .isEqualTo("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n" + tail);
        assertThat(chain(gen(empty, cfg, upstream), "filter", "KUBE-FORWARD"))
                .isEqualTo("-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP\n" + tail);
        ProxyConfig liberal = cfg.toBuilder().conntrack(new ConntrackSettings(true, 86400, 3600, 0, 0)).build();
        assertThat(chain(gen(empty, liberal, upstream.withNfacct(false)), "filter", "KUBE-FORWARD")).isEqualTo(tail);
    }

    /** {@code TestMasqueradeRule}: MASQUERADE gets {@code --random-fully} when iptables supports it. */
    @Test
    void masqueradeRule() {
        Cluster empty = cluster(List.of(testNode()), List.of(), List.of());
        String fmt = "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
                + "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000\n"
                + "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE%s\n";
        for (boolean randomFully : new boolean[] {false, true}) {
            IptablesDataPlane dp = gen(empty, fakeProxierConfig(LATEST), IptablesOptions.upstreamUnitTest().withRandomFully(randomFully));
            assertThat(chain(dp, "nat", "KUBE-POSTROUTING")).isEqualTo(String.format(fmt, randomFully ? " --random-fully" : ""));
        }
    }

    /** {@code TestNodePorts}: the KUBE-FIREWALL localnet rule only for IPv4 with localhostNodePorts. */
    @Test
    void kubeFirewallRuleFollowsLocalhostNodePorts() {
        Cluster empty = cluster(List.of(testNode()), List.of(), List.of());
        String rule = "-A KUBE-FIREWALL -m comment --comment \"block incoming localnet connections\" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n";
        ProxyConfig cfg = fakeProxierConfig(LATEST);
        assertThat(chain(generateUpstream(empty, cfg, TEST_NODE), "filter", "KUBE-FIREWALL")).isEqualTo(rule);
        assertThat(chain(generateUpstream(empty, cfg.toBuilder().localhostNodePorts(false).build(), TEST_NODE),
                "filter", "KUBE-FIREWALL")).isEmpty();
        assertThat(chain(generateUpstream(empty, cfg.toBuilder()
                .nodePortAddresses(List.of("192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64")).build(), TEST_NODE),
                "filter", "KUBE-FIREWALL")).isEmpty();
    }

    /**
     * {@code TestSyncProxyRulesLargeClusterMode}: comments are kept up to 1000 endpoints and dropped from SEP
     * rules above.
     */
    @Test
    void largeClusterModeDropsEndpointComments() {
        List<Service> services = List.of(
                Service.builder("ns1", "svc1").clusterIp(ip("172.30.0.41")).port(tcp("p80", 80)).build(),
                Service.builder("ns2", "svc2").clusterIp(ip("172.30.0.42")).port(tcp("p8080", 8080)).build(),
                Service.builder("ns3", "svc3").clusterIp(ip("172.30.0.43")).port(tcp("p8081", 8081)).build());
        List<EndpointSlice> slices = new ArrayList<>();
        slices.add(slice("ns1", "svc1", "p80", 80, many("10.0", 499)));
        slices.add(slice("ns2", "svc2", "p8080", 8080, many("10.1", 499)));
        IptablesDataPlane small = generateUpstream(cluster(List.of(testNode()), services, slices), fakeProxierConfig(LATEST), TEST_NODE);
        assertThat(small.largeClusterMode()).isFalse();
        assertThat(ipv4Restore(small)).contains(
                "\n-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80\n");

        slices.add(slice("ns3", "svc3", "p8081", 8081, ep("203.0.113.4"), ep("203.0.113.8"), ep("203.0.113.12")));
        IptablesDataPlane large = generateUpstream(cluster(List.of(testNode()), services, slices), fakeProxierConfig(LATEST), TEST_NODE);
        String text = ipv4Restore(large);
        assertThat(large.largeClusterMode()).isTrue();
        assertThat(text).contains("\n-A KUBE-SEP-DKGQUZGBKLTPAR56 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80\n",
                "\n-A KUBE-SEP-RUVVH7YV3PHQBDOS -m tcp -p tcp -j DNAT --to-destination 203.0.113.4:8081\n");
        long sepCommentLines = Arrays.stream(text.split("\n"))
                .filter(l -> l.startsWith("-A KUBE-SEP-") && l.contains("--comment")).count();
        assertThat(sepCommentLines).isZero();
        // ClusterIP and masquerade rules keep their comments.
        assertThat(text).contains("-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\"");
    }

    private static SliceEndpoint[] many(String prefix, int n) {
        SliceEndpoint[] eps = new SliceEndpoint[n];
        for (int i = 0; i < n; i++) {
            eps[i] = ep(prefix + "." + (i % 256) + "." + (i / 256));
        }
        return eps;
    }

    private static IptablesDataPlane gen(Cluster c, ProxyConfig cfg, IptablesOptions options) {
        return new IptablesMode(options).generate(new ProxyInput(c, cfg, TEST_NODE));
    }

    /** The rule lines of one chain of the IPv4 payload, newline-terminated. */
    static String chain(IptablesDataPlane dp, String table, String chain) {
        StringBuilder sb = new StringBuilder();
        dp.payload(dev.kpsim.core.net.IpFamily.IPV4).orElseThrow().table(table).orElseThrow().lines().stream()
                .map(l -> l.text())
                .filter(t -> t.startsWith("-A " + chain + " "))
                .forEach(t -> sb.append(t).append('\n'));
        return sb.toString();
    }
}
