package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.Fixtures.TEST_NODE;
import static dev.kpsim.mode.iptables.Fixtures.cluster;
import static dev.kpsim.mode.iptables.Fixtures.ep;
import static dev.kpsim.mode.iptables.Fixtures.fakeProxierConfig;
import static dev.kpsim.mode.iptables.Fixtures.generateUpstream;
import static dev.kpsim.mode.iptables.Fixtures.ingress;
import static dev.kpsim.mode.iptables.Fixtures.ip;
import static dev.kpsim.mode.iptables.Fixtures.ipv4Restore;
import static dev.kpsim.mode.iptables.Fixtures.slice;
import static dev.kpsim.mode.iptables.Fixtures.tcp;
import static dev.kpsim.mode.iptables.Fixtures.testNode;
import static dev.kpsim.mode.iptables.UpstreamOutputTest.chain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.config.DetectLocalMode;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Service shape of iptables.md §5–§10 in the newest flavour, with kube-proxy's unit-test node facts. */
class ServiceShapesTest {

    private static final ProxyConfig CFG = fakeProxierConfig(KubeProxyVersion.LATEST);

    private static IptablesDataPlane gen(List<Service> services, List<EndpointSlice> slices) {
        return gen(services, slices, CFG);
    }

    private static IptablesDataPlane gen(List<Service> services, List<EndpointSlice> slices, ProxyConfig cfg) {
        return generateUpstream(cluster(List.of(testNode()), services, slices), cfg, TEST_NODE);
    }


    @Test
    void headlessAndExternalNameServicesGetNoRules() {
        Service headless = Service.builder("ns1", "headless").headless(true).port(tcp("p80", 80)).build();
        Service external = Service.builder("ns1", "ext").type(ServiceType.ExternalName).externalName("example.com").build();
        String empty = ipv4Restore(gen(List.of(), List.of()));
        assertThat(ipv4Restore(gen(List.of(headless, external), List.of(slice("ns1", "headless", "p80", 80, ep("10.180.0.1"))))))
                .isEqualTo(empty);
    }

    @Test
    void internalTrafficPolicyLocalWithoutLocalEndpointsDrops() {
        Service s = Service.builder("ns1", "svc1").clusterIp(ip("172.30.0.41")).port(tcp("p80", 80))
                .internalTrafficPolicy(TrafficPolicy.Local).build();
        IptablesDataPlane dp = gen(List.of(s), List.of(slice("ns1", "svc1", "p80", 80, ep("10.180.0.1", "other-node"))));
        assertThat(chain(dp, "filter", "KUBE-SERVICES")).isEqualTo(
                "-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 has no local endpoints\" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j DROP\n");
        assertThat(ipv4Restore(dp)).doesNotContain("KUBE-SVC-", "KUBE-SVL-", "KUBE-SEP-");
    }

    @Test
    void internalTrafficPolicyLocalUsesTheLocalChain() {
        Service s = Service.builder("ns1", "svc1").clusterIp(ip("172.30.0.41")).port(tcp("p80", 80))
                .internalTrafficPolicy(TrafficPolicy.Local).build();
        IptablesDataPlane dp = gen(List.of(s), List.of(slice("ns1", "svc1", "p80", 80,
                ep("10.180.0.1", "other-node"), ep("10.180.0.2", TEST_NODE))));
        String svl = "KUBE-SVL-" + dev.kpsim.core.kubeproxy.ChainNames.hash16("ns1/svc1:p80tcp");
        assertThat(ipv4Restore(dp)).contains(
                "-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j " + svl + "\n"
                        + "-A " + svl + " -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ\n"
                        + "-A " + svl + " -m comment --comment \"ns1/svc1:p80 -> 10.180.0.2:80\" -j KUBE-SEP-")
                .doesNotContain("KUBE-SVC-", "10.180.0.1");
    }

    @Test
    void externalTrafficPolicyLocalShortCircuitsAndUsesLocalEndpoints() {
        Service s = Service.builder("ns1", "svc1").type(ServiceType.LoadBalancer).clusterIp(ip("172.30.0.41"))
                .port(tcp("p80", 80, 3001)).loadBalancerIngress(ingress("1.2.3.4"))
                .externalTrafficPolicy(TrafficPolicy.Local).healthCheckNodePort(30000).build();
        IptablesDataPlane dp = gen(List.of(s), List.of(slice("ns1", "svc1", "p80", 80,
                ep("10.180.0.1", "other-node"), ep("10.180.2.1", TEST_NODE))));
        String h = dev.kpsim.core.kubeproxy.ChainNames.hash16("ns1/svc1:p80tcp");
        assertThat(chain(dp, "nat", "KUBE-EXT-" + h)).isEqualTo(
                "-A KUBE-EXT-" + h + " -m comment --comment \"pod traffic for ns1/svc1:p80 external destinations\" -s 10.0.0.0/8 -j KUBE-SVC-" + h + "\n"
                        + "-A KUBE-EXT-" + h + " -m comment --comment \"masquerade LOCAL traffic for ns1/svc1:p80 external destinations\" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ\n"
                        + "-A KUBE-EXT-" + h + " -m comment --comment \"route LOCAL traffic for ns1/svc1:p80 external destinations\" -m addrtype --src-type LOCAL -j KUBE-SVC-" + h + "\n"
                        + "-A KUBE-EXT-" + h + " -j KUBE-SVL-" + h + "\n");
        assertThat(chain(dp, "nat", "KUBE-SVL-" + h)).contains("ns1/svc1:p80 -> 10.180.2.1:80").doesNotContain("10.180.0.1");
        assertThat(chain(dp, "nat", "KUBE-SVC-" + h)).contains("10.180.0.1:80", "10.180.2.1:80");
        assertThat(chain(dp, "filter", "KUBE-NODEPORTS")).isEqualTo(
                "-A KUBE-NODEPORTS -m comment --comment \"ns1/svc1:p80 health check node port\" -m tcp -p tcp --dport 30000 -j ACCEPT\n");
        assertThat(chain(dp, "filter", "KUBE-EXTERNAL-SERVICES")).isEmpty();
    }

    @Test
    void noEndpointsRejectsEveryFrontend() {
        Service s = Service.builder("ns1", "svc1").type(ServiceType.LoadBalancer).clusterIp(ip("172.30.0.41"))
                .externalIp(ip("192.168.99.11")).port(tcp("p80", 80, 3001)).loadBalancerIngress(ingress("1.2.3.4")).build();
        IptablesDataPlane dp = gen(List.of(s), List.of());
        String c = "-m comment --comment \"ns1/svc1:p80 has no endpoints\"";
        assertThat(chain(dp, "filter", "KUBE-SERVICES")).isEqualTo(
                "-A KUBE-SERVICES " + c + " -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT\n");
        assertThat(chain(dp, "filter", "KUBE-EXTERNAL-SERVICES")).isEqualTo(
                "-A KUBE-EXTERNAL-SERVICES " + c + " -m tcp -p tcp -d 192.168.99.11 --dport 80 -j REJECT\n"
                        + "-A KUBE-EXTERNAL-SERVICES " + c + " -m tcp -p tcp -d 1.2.3.4 --dport 80 -j REJECT\n"
                        + "-A KUBE-EXTERNAL-SERVICES " + c + " -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j REJECT\n");
        assertThat(dp.payloads().get(0).ruleCount("nat")).isEqualTo(5);
    }

    @Test
    void terminatingEndpointsAreAFallback() {
        Service s = Service.builder("ns1", "svc1").clusterIp(ip("172.30.0.41")).port(tcp("p80", 80)).build();
        IptablesDataPlane dp = gen(List.of(s), List.of(slice("ns1", "svc1", "p80", 80,
                ep("10.180.0.1", null, false, true, true), ep("10.180.0.2", null, false, false, true))));
        assertThat(ipv4Restore(dp)).contains("--to-destination 10.180.0.1:80").doesNotContain("10.180.0.2");
        IptablesDataPlane ready = gen(List.of(s), List.of(slice("ns1", "svc1", "p80", 80,
                ep("10.180.0.1", null, false, true, true), ep("10.180.0.3"))));
        assertThat(ipv4Restore(ready)).contains("--to-destination 10.180.0.3:80").doesNotContain("10.180.0.1");
    }

    @Test
    void multiPortServiceWithUdpAndSctp() {
        Service s = Service.builder("ns2", "svc2").clusterIp(ip("172.30.0.42"))
                .port(Fixtures.port("dns-udp", Protocol.UDP, 53, 53, 0))
                .port(Fixtures.port("dns-sctp", Protocol.SCTP, 53, 53, 0)).build();
        IptablesDataPlane dp = gen(List.of(s), List.of(slice("ns2", "svc2", List.of(
                Fixtures.slicePort("dns-udp", Protocol.UDP, 53), Fixtures.slicePort("dns-sctp", Protocol.SCTP, 53)),
                ep("10.180.0.1"))));
        assertThat(chain(dp, "nat", "KUBE-SERVICES")).startsWith(
                "-A KUBE-SERVICES -m comment --comment \"ns2/svc2:dns-sctp cluster IP\" -m sctp -p sctp -d 172.30.0.42 --dport 53 -j KUBE-SVC-\n"
                        .replace("KUBE-SVC-\n", "KUBE-SVC-" + dev.kpsim.core.kubeproxy.ChainNames.hash16("ns2/svc2:dns-sctpsctp") + "\n")
                        + "-A KUBE-SERVICES -m comment --comment \"ns2/svc2:dns-udp cluster IP\" -m udp -p udp -d 172.30.0.42 --dport 53 -j KUBE-SVC-"
                        + dev.kpsim.core.kubeproxy.ChainNames.hash16("ns2/svc2:dns-udpudp") + "\n");
        assertThat(ipv4Restore(dp)).contains("-m udp -p udp -j DNAT --to-destination 10.180.0.1:53",
                "-m sctp -p sctp -j DNAT --to-destination 10.180.0.1:53");
    }

    @Test
    void clientIpAffinityUsesTheServiceTimeout() {
        Service s = Service.builder("ns1", "svc1").clusterIp(ip("172.30.0.41")).port(tcp("p80", 80))
                .sessionAffinity(SessionAffinity.ClientIP, 60).build();
        String text = ipv4Restore(gen(List.of(s), List.of(slice("ns1", "svc1", "p80", 80, ep("10.180.0.1"), ep("10.180.0.2")))));
        assertThat(text).contains("--rcheck --seconds 60 --reap").contains("-m recent --name KUBE-SEP-");
        assertThat(text.indexOf("--rcheck")).isLessThan(text.indexOf("--probability 0.5000000000"));
    }

    @Test
    void masqueradeAllMarksEveryClusterIpPacket() {
        Service s = Service.builder("ns1", "svc1").clusterIp(ip("172.30.0.41")).port(tcp("p80", 80)).build();
        String text = ipv4Restore(gen(List.of(s), List.of(slice("ns1", "svc1", "p80", 80, ep("10.180.0.1"))),
                CFG.toBuilder().masqueradeAll(true).build()));
        assertThat(text).contains("-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ\n");
    }

    @Test
    void everyDetectLocalMode() {
        Service s = Service.builder("ns1", "svc1").type(ServiceType.NodePort).externalTrafficPolicy(TrafficPolicy.Local)
                .clusterIp(ip("172.30.0.41")).port(tcp("p80", 80, 3001)).build();
        List<EndpointSlice> slices = List.of(slice("ns1", "svc1", "p80", 80, ep("10.180.0.1", TEST_NODE)));
        Node node = new Node(TEST_NODE, List.of(ip("192.168.0.2")), List.of(Cidr.parse("10.244.1.0/24")), null, null);
        record Case(ProxyConfig cfg, String notLocal, String local) {
        }
        ProxyConfig base = ProxyConfig.defaults();
        List<Case> cases = List.of(
                new Case(base.toBuilder().clusterCidrs(List.of(Cidr.parse("10.0.0.0/8"))).build(), " ! -s 10.0.0.0/8", " -s 10.0.0.0/8"),
                new Case(base.toBuilder().detectLocalMode(DetectLocalMode.NodeCIDR).build(), " ! -s 10.244.1.0/24", " -s 10.244.1.0/24"),
                new Case(base.toBuilder().detectLocalMode(DetectLocalMode.BridgeInterface).bridgeInterface("cbr0").build(), " ! -i cbr0", " -i cbr0"),
                new Case(base.toBuilder().detectLocalMode(DetectLocalMode.InterfaceNamePrefix).interfaceNamePrefix("veth").build(), " ! -i veth+", " -i veth+"),
                new Case(base, null, null));
        for (Case c : cases) {
            String text = ipv4Restore(generateUpstream(cluster(List.of(node), List.of(s), slices), c.cfg(), TEST_NODE));
            if (c.notLocal() == null) {
                assertThat(text).doesNotContain("cluster IP\" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! ", "pod traffic for");
                assertThat(text).doesNotContain("--dport 80 -j KUBE-MARK-MASQ");
            } else {
                assertThat(text).contains("--dport 80" + c.notLocal() + " -j KUBE-MARK-MASQ\n",
                        "external destinations\"" + c.local() + " -j KUBE-SVC-");
            }
        }
    }

    @Test
    void nodePortAddressesListsAndPrimary() {
        Service s = Service.builder("ns1", "svc1").type(ServiceType.NodePort).clusterIp(ip("172.30.0.41"))
                .port(tcp("p80", 80, 3001)).build();
        List<EndpointSlice> slices = List.of(slice("ns1", "svc1", "p80", 80, ep("10.180.0.1")));
        String tail = "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\"";

        IptablesDataPlane withLoopback = gen(List.of(s), slices, CFG.toBuilder()
                .nodePortAddresses(List.of("192.168.0.0/24", "127.0.0.1/32")).build());
        assertThat(chain(withLoopback, "nat", "KUBE-SERVICES")).endsWith(
                tail + " -d 127.0.0.1 -j KUBE-NODEPORTS\n" + tail + " -d 192.168.0.2 -j KUBE-NODEPORTS\n");
        assertThat(chain(withLoopback, "filter", "KUBE-FIREWALL")).isNotEmpty();

        IptablesDataPlane noLocalhost = gen(List.of(s), slices, CFG.toBuilder().localhostNodePorts(false)
                .nodePortAddresses(List.of("192.168.0.0/24", "127.0.0.1/32")).build());
        assertThat(chain(noLocalhost, "nat", "KUBE-SERVICES")).endsWith("-j KUBE-SVC-XPGD46QRK7WJZT7O\n" + tail + " -d 192.168.0.2 -j KUBE-NODEPORTS\n");
        assertThat(chain(noLocalhost, "nat", "KUBE-NODEPORTS")).doesNotContain("127.0.0.0/8");

        IptablesDataPlane primary = gen(List.of(s), slices, CFG.toBuilder().nodePortAddresses(List.of("primary")).build());
        assertThat(chain(primary, "nat", "KUBE-SERVICES")).endsWith(tail + " -d 192.168.0.2 -j KUBE-NODEPORTS\n");
        assertThat(chain(primary, "filter", "KUBE-FIREWALL")).isEmpty();
        assertThat(chain(primary, "nat", "KUBE-NODEPORTS")).doesNotContain("nfacct");

        IptablesDataPlane all = gen(List.of(s), slices, CFG.toBuilder().localhostNodePorts(false).build());
        assertThat(chain(all, "nat", "KUBE-SERVICES")).endsWith(
                tail + " -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS\n");
    }

    @Test
    void sourceRangeContainingTheNodeIpAllowsTheLoadBalancerIps() {
        Service s = Service.builder("ns1", "svc1").type(ServiceType.LoadBalancer).clusterIp(ip("172.30.0.41"))
                .port(tcp("p80", 80, 3001)).loadBalancerIngress(ingress("1.2.3.4")).loadBalancerIngress(ingress("5.6.7.8"))
                .loadBalancerSourceRange("192.168.0.0/24").loadBalancerSourceRange(" 203.0.113.0/25").build();
        IptablesDataPlane dp = gen(List.of(s), List.of(slice("ns1", "svc1", "p80", 80, ep("10.180.0.1"))));
        String h = dev.kpsim.core.kubeproxy.ChainNames.hash16("ns1/svc1:p80tcp");
        String base = "-A KUBE-FW-" + h + " -m comment --comment \"ns1/svc1:p80 loadbalancer IP\" -s ";
        assertThat(chain(dp, "nat", "KUBE-FW-" + h)).isEqualTo(
                base + "192.168.0.0/24 -j KUBE-EXT-" + h + "\n"
                        + base + "203.0.113.0/25 -j KUBE-EXT-" + h + "\n"
                        + base + "1.2.3.4 -j KUBE-EXT-" + h + "\n"
                        + base + "5.6.7.8 -j KUBE-EXT-" + h + "\n"
                        + "-A KUBE-FW-" + h + " -m comment --comment \"other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL\"\n");
        assertThat(chain(dp, "filter", "KUBE-PROXY-FIREWALL")).hasLineCount(2);
    }

    @Test
    void ipv6SingleStack() {
        Node node = new Node(TEST_NODE, List.of(ip("2001:db8::1")), List.of(), null, null);
        Service s = Service.builder("ns1", "svc1").type(ServiceType.NodePort).clusterIp(ip("fd00:172:30::41"))
                .port(tcp("p80", 80, 3001)).build();
        ProxyConfig cfg = CFG.toBuilder().clusterCidrs(List.of(Cidr.parse("fd00:10::/64"))).build();
        IptablesDataPlane dp = generateUpstream(cluster(List.of(node), List.of(s),
                List.of(slice("ns1", "svc1", "p80", 80, ep("fd00:10:180::1")))), cfg, TEST_NODE);
        assertThat(dp.payloads()).hasSize(1);
        assertThat(dp.payloads().get(0).family()).isEqualTo(IpFamily.IPV6);
        String text = dp.render("restore");
        assertThat(text).doesNotStartWith("#").doesNotContain("KUBE-FIREWALL", "127.0.0.0/8", "nfacct-name localhost")
                .contains("-d fd00:172:30::41 --dport 80 ! -s fd00:10::/64 -j KUBE-MARK-MASQ\n",
                        "-m tcp -p tcp -j DNAT --to-destination [fd00:10:180::1]:80\n",
                        "-s fd00:10:180::1 -j KUBE-MARK-MASQ\n",
                        "-m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS\n");
        String sep = dev.kpsim.core.kubeproxy.ChainNames.sep("ns1/svc1:p80", "tcp", "[fd00:10:180::1]:80");
        assertThat(text).contains(":" + sep + " - [0:0]");
    }

    @Test
    void dualStackRendersBothPayloadsWithHeaders() {
        Node node = new Node(TEST_NODE, List.of(ip("192.168.0.2"), ip("2001:db8::1")), List.of(), null, null);
        Service s = Service.builder("ns1", "svc1").clusterIps(List.of(ip("172.30.0.41"), ip("fd00:172:30::41")))
                .port(tcp("p80", 80)).build();
        IptablesDataPlane dp = generateUpstream(cluster(List.of(node), List.of(s), List.of(
                slice("ns1", "svc1", "p80", 80, ep("10.180.0.1")),
                new EndpointSlice("ns1", "svc1-v6", "svc1", IpFamily.IPV6,
                        List.of(Fixtures.slicePort("p80", Protocol.TCP, 80)), List.of(ep("fd00:10:180::1")), null))),
                CFG, TEST_NODE);
        assertThat(dp.dualStack()).isTrue();
        String text = dp.render("restore");
        assertThat(text).startsWith("# iptables-restore (IPv4)\n*filter\n");
        int v6 = text.indexOf("# ip6tables-restore (IPv6)\n*filter\n");
        assertThat(v6).isPositive();
        assertThat(text.substring(0, v6)).contains("10.180.0.1:80").doesNotContain("fd00");
        assertThat(text.substring(v6)).contains("[fd00:10:180::1]:80").doesNotContain("10.180.0.1");
        assertThat(text.substring(v6)).isEqualTo("# ip6tables-restore (IPv6)\n" + dp.payload(IpFamily.IPV6).orElseThrow().render());
    }
}
