package dev.kpsim.emulator.topology;

import dev.kpsim.core.engine.path.HairpinMode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.emulator.fixtures.Hostnames;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopologyScriptTest {

    private static final String PREFIX = "kpsim-1-abc-";
    private static final TopologyPlan PLAN = TopologyPlanner.plan(Hostnames.cluster(), Hostnames.NODE_A, PREFIX);
    private static final List<Step> STEPS = TopologyScript.build(PLAN);

    private static String batchOf(String ns) {
        return STEPS.stream().filter(s -> s.argv().equals(List.of("ip", "-n", ns, "-batch", "-")))
                .map(Step::stdin).reduce("", String::concat);
    }

    @Test
    void everyCommandActsInsideANamespaceOfThisRun() {
        for (Step s : STEPS) {
            List<String> a = s.argv();
            boolean ipN = a.size() > 2 && a.get(0).equals("ip") && a.get(1).equals("-n") && a.get(2).startsWith(PREFIX);
            boolean exec = a.size() > 3 && a.subList(0, 3).equals(List.of("ip", "netns", "exec")) && a.get(3).startsWith(PREFIX);
            assertThat(ipN || exec).as("%s", a).isTrue();
        }
        for (HairpinMode m : HairpinMode.values()) {
            assertThat(TopologyScript.hairpin(PLAN, m)).allMatch(s -> s.argv().get(2).startsWith(PREFIX));
        }
    }

    @Test
    void interfaceNamesFitTheKernelLimitAndPeersGoStraightIntoTheirNamespaces() {
        Pattern link = Pattern.compile("link add (\\S+) type (?:veth peer name (\\S+) netns (\\S+)|bridge)");
        int links = 0;
        for (Step s : STEPS) {
            if (s.stdin() == null) {
                continue;
            }
            Matcher m = link.matcher(s.stdin());
            while (m.find()) {
                links++;
                assertThat(m.group(1).length()).isLessThanOrEqualTo(15);
                if (m.group(2) != null) {
                    assertThat(m.group(2).length()).isLessThanOrEqualTo(15);
                    assertThat(m.group(3)).startsWith(PREFIX);
                }
            }
        }
        // fab0, per node eth0 + cni0, one veth per pod namespace, the external eth0
        assertThat(links).isEqualTo(1 + 2 * 2 + 4 + 1);
    }

    @Test
    void theNodeUnderTestIsSetUpLikeAKubernetesNode() {
        String nodeNs = PLAN.nodeUnderTest().namespace();
        Step sysctls = STEPS.stream().filter(s -> s.argv().contains(nodeNs) && s.argv().contains("sysctl")).findFirst().orElseThrow();
        assertThat(sysctls.argv()).contains("net.ipv4.ip_forward=1", "net.ipv4.conf.all.route_localnet=1",
                "net.bridge.bridge-nf-call-iptables=1", "net.bridge.bridge-nf-call-ip6tables=1");
        // nothing but the experiment reaches the rules, and every ICMP error a rule asks for is sent
        assertThat(sysctls.argv()).contains("net.ipv4.igmp_link_local_mcast_reports=0", "net.ipv4.icmp_ratemask=0",
                "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.default.send_redirects=0");
        String node = batchOf(nodeNs);
        assertThat(node).contains("addr add 10.240.0.10/32 dev eth0\n", "link add cni0 type bridge mcast_snooping 0\n",
                "addr add 10.244.0.1/24 dev cni0\n", "link set veth0 master cni0\n",
                "route add 10.240.0.11/32 dev eth0\n", "route add 10.244.1.0/24 via 10.240.0.11 dev eth0\n",
                "route add 0.0.0.0/0 via 203.0.113.10 dev eth0\n");
        String pod = batchOf(PLAN.pod(Hostnames.A1).orElseThrow().namespace());
        assertThat(pod).isEqualTo("link set lo up\naddr add 10.244.0.5/24 dev eth0\nlink set eth0 up\n"
                + "route add 0.0.0.0/0 via 10.244.0.1 dev eth0\n");
        String ext = batchOf(PLAN.externalNamespace());
        assertThat(ext).contains("route add 10.240.0.10/32 dev eth0\n", "route add 0.0.0.0/0 via 10.240.0.10 dev eth0\n");
        // the remote node does not get the node-under-test's kube-proxy sysctls
        String remoteNs = PLAN.node(Hostnames.NODE_B).orElseThrow().namespace();
        Step remote = STEPS.stream().filter(s -> s.argv().contains(remoteNs) && s.argv().contains("sysctl")).findFirst().orElseThrow();
        assertThat(remote.argv()).contains("net.ipv4.ip_forward=1").doesNotContain("net.bridge.bridge-nf-call-iptables=1");
        Step fabric = STEPS.stream().filter(s -> s.argv().contains(PLAN.fabricNamespace()) && s.argv().contains("sysctl")).findFirst().orElseThrow();
        assertThat(fabric.argv()).contains("net.ipv4.igmp_link_local_mcast_reports=0");
        assertThat(batchOf(PLAN.fabricNamespace())).contains("link add fab0 type bridge mcast_snooping 0\n");
    }

    @Test
    void hairpinModesSetExactlyTheirBridgeFlags() {
        String nodeNs = PLAN.nodeUnderTest().namespace();
        String veth = TopologyScript.hairpin(PLAN, HairpinMode.HAIRPIN_VETH).stream().filter(s -> s.argv().contains(nodeNs)).findFirst().orElseThrow().stdin();
        assertThat(veth).isEqualTo("link set dev cni0 promisc off\nlink set dev veth0 type bridge_slave hairpin on\n"
                + "link set dev veth1 type bridge_slave hairpin on\n");
        String promisc = TopologyScript.hairpin(PLAN, HairpinMode.PROMISCUOUS_BRIDGE).stream().filter(s -> s.argv().contains(nodeNs)).findFirst().orElseThrow().stdin();
        assertThat(promisc).startsWith("link set dev cni0 promisc on\n").contains("veth0 type bridge_slave hairpin off");
        String none = TopologyScript.hairpin(PLAN, HairpinMode.NONE).stream().filter(s -> s.argv().contains(nodeNs)).findFirst().orElseThrow().stdin();
        assertThat(none).startsWith("link set dev cni0 promisc off\n").doesNotContain("hairpin on");
    }

    @Test
    void hairpinModeFlagsParse() {
        for (HairpinMode m : HairpinMode.values()) {
            assertThat(HairpinMode.parse(m.flag())).contains(m);
        }
        assertThat(HairpinMode.parse("PROMISCUOUS-BRIDGE")).contains(HairpinMode.PROMISCUOUS_BRIDGE);
        assertThat(HairpinMode.parse("veth")).isEmpty();
    }
}
