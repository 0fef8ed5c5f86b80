package dev.kpsim.mode.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortalRulesTest {

    private static final String CONTAINER_RESTORE = "-A KUBE-PORTALS-CONTAINER -m comment --comment \"default/hostnames:default\""
            + " -p tcp -m tcp --dport 80 -d 10.0.1.175/32 -j REDIRECT --to-ports 48577";
    private static final String HOST_RESTORE = "-A KUBE-PORTALS-HOST -m comment --comment \"default/hostnames:default\""
            + " -p tcp -m tcp --dport 80 -d 10.0.1.175/32 -j DNAT --to-destination 10.240.115.247:48577";

    @Test
    void hostnamesPortalRulesInKubeProxyArgumentOrder() {
        UserspaceDataPlane dp = Fixtures.generate(Fixtures.hostnamesInput());
        assertThat(Fixtures.rules(dp, "nat")).containsExactly(CONTAINER_RESTORE, HOST_RESTORE);
        assertThat(Fixtures.rules(dp, "filter")).isEmpty();
        assertThat(dp.payload().table("nat").orElseThrow().lines()).filteredOn(l -> l.text().startsWith("-A "))
                .extracting(RestoreLine::provenance)
                .extracting(p -> p.servicePort() + " " + p.role())
                .containsExactly("default/hostnames:default portal-redirect", "default/hostnames:default portal-host-dnat");
    }

    /**
     * The acceptance lines, as {@code iptables-save} v1.8.9 printed them after loading this payload into a
     * network namespace: the same rules, only in iptables-save's argument order.
     */
    @Test
    void hostnamesSaveFixtureHoldsTheSameRulesAsThePayload() {
        List<String> save = Golden.fixture("hostnames-userspace.save-grep").lines().toList();
        assertThat(save).containsExactly(
                "-A KUBE-PORTALS-CONTAINER -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames:default\" -m tcp --dport 80 -j REDIRECT --to-ports 48577",
                "-A KUBE-PORTALS-HOST -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames:default\" -m tcp --dport 80 -j DNAT --to-destination 10.240.115.247:48577");
        List<String> restore = Fixtures.rules(Fixtures.generate(Fixtures.hostnamesInput()), "nat");
        assertThat(restore).hasSameSizeAs(save);
        for (int i = 0; i < save.size(); i++) {
            assertThat(SaveForm.groups(restore.get(i))).isEqualTo(SaveForm.groups(save.get(i)));
        }
    }

    @Test
    void initJumpsAreTheFiveIptablesInitRulesInKernelOrder() {
        List<RestorePayload.BuiltinJump> jumps = Fixtures.generate(Fixtures.hostnamesInput()).payload().builtinJumps();
        assertThat(jumps).containsExactly(
                new RestorePayload.BuiltinJump("nat", "PREROUTING",
                        "-m comment --comment \"handle ClusterIPs; NOTE: this must be before the NodePort rules\" -j KUBE-PORTALS-CONTAINER"),
                new RestorePayload.BuiltinJump("nat", "PREROUTING",
                        "-m addrtype --dst-type LOCAL -m comment --comment \"handle service NodePorts; NOTE: this must be the last rule in the chain\" -j KUBE-NODEPORT-CONTAINER"),
                new RestorePayload.BuiltinJump("nat", "OUTPUT",
                        "-m comment --comment \"handle ClusterIPs; NOTE: this must be before the NodePort rules\" -j KUBE-PORTALS-HOST"),
                new RestorePayload.BuiltinJump("nat", "OUTPUT",
                        "-m addrtype --dst-type LOCAL -m comment --comment \"handle service NodePorts; NOTE: this must be the last rule in the chain\" -j KUBE-NODEPORT-HOST"),
                new RestorePayload.BuiltinJump("filter", "INPUT",
                        "-m comment --comment \"Ensure that non-local NodePort traffic can flow\" -j KUBE-NODEPORT-NON-LOCAL"));
    }

    @Test
    void restoreRenderingMatchesGolden() {
        Golden.assertMatches("hostnames-userspace.restore", Fixtures.generate(Fixtures.hostnamesInput()).render("restore"));
    }

    /** A LoadBalancer with node ports, two external IPs (one the node's own) and an ingress IP, TCP and UDP. */
    static ProxyInput webInput() {
        Service web = Service.builder("default", "web").type(ServiceType.LoadBalancer)
                .clusterIp(IpAddress.parse("10.0.2.10"))
                .port(new ServicePort("http", Protocol.TCP, 80, PortRef.of(8080), 30080))
                .port(new ServicePort("dns", Protocol.UDP, 53, PortRef.of(5353), 30053))
                .externalIp(IpAddress.parse("203.0.113.7")).externalIp(Fixtures.NODE_IP)
                .loadBalancerIngress(new LoadBalancerIngress(IpAddress.parse("198.51.100.20"), null, null))
                .build();
        ProxyConfig cfg = Fixtures.config().userspaceProxyPort("default/hostnames:default", 48577)
                .userspaceProxyPort("default/web:http", 40001).userspaceProxyPort("default/web:dns", 40002).build();
        return new ProxyInput(Fixtures.cluster(List.of(Fixtures.hostnamesService().build(), web),
                List.of(Fixtures.slice("hostnames", "default", Protocol.TCP, 9376, Fixtures.HOSTNAMES_PODS))), cfg, Fixtures.NODE);
    }

    @Test
    void nodePortExternalIpAndIngressVariants() {
        UserspaceDataPlane dp = Fixtures.generate(webInput());
        List<String> nat = Fixtures.rules(dp, "nat");
        String c = "-A KUBE-PORTALS-CONTAINER -m comment --comment \"default/web:http\" -p tcp -m tcp --dport 80 ";
        String h = "-A KUBE-PORTALS-HOST -m comment --comment \"default/web:http\" -p tcp -m tcp --dport 80 ";
        assertThat(nat).containsSubsequence(
                c + "-d 10.0.2.10/32 -j REDIRECT --to-ports 40001",
                c + "-d 203.0.113.7/32 -m physdev ! --physdev-is-in -j REDIRECT --to-ports 40001",
                c + "-d 203.0.113.7/32 -m addrtype --dst-type LOCAL -j REDIRECT --to-ports 40001",
                c + "-d 10.240.115.247/32 -m physdev ! --physdev-is-in -j REDIRECT --to-ports 40001",
                c + "-d 10.240.115.247/32 -m addrtype --dst-type LOCAL -j REDIRECT --to-ports 40001",
                c + "-d 198.51.100.20/32 -j REDIRECT --to-ports 40001");
        assertThat(nat).containsSubsequence(
                h + "-d 10.0.2.10/32 -j DNAT --to-destination 10.240.115.247:40001",
                h + "-d 203.0.113.7/32 -m addrtype --dst-type LOCAL -j DNAT --to-destination 10.240.115.247:40001",
                h + "-d 10.240.115.247/32 -m addrtype --dst-type LOCAL -j DNAT --to-destination 10.240.115.247:40001",
                h + "-d 198.51.100.20/32 -j DNAT --to-destination 10.240.115.247:40001");
        assertThat(nat).contains(
                "-A KUBE-NODEPORT-CONTAINER -m comment --comment \"default/web:http\" -p tcp -m tcp --dport 30080 -j REDIRECT --to-ports 40001",
                "-A KUBE-NODEPORT-HOST -m comment --comment \"default/web:http\" -p tcp -m tcp --dport 30080 -j DNAT --to-destination 10.240.115.247:40001",
                "-A KUBE-NODEPORT-CONTAINER -m comment --comment \"default/web:dns\" -p udp -m udp --dport 30053 -j REDIRECT --to-ports 40002");
        assertThat(Fixtures.rules(dp, "filter")).containsExactly(
                "-A KUBE-NODEPORT-NON-LOCAL -m comment --comment \"default/web:dns\" -p udp -m udp --dport 40002 -m state --state NEW -j ACCEPT",
                "-A KUBE-NODEPORT-NON-LOCAL -m comment --comment \"default/web:http\" -p tcp -m tcp --dport 40001 -m state --state NEW -j ACCEPT");
        assertThat(dp.proxier().claimedPorts()).extracting(cp -> cp.key() + " " + cp.owner()).containsExactly(
                "10.240.115.247:53/UDP default/web:dns", "<nil>:30053/UDP default/web:dns",
                "10.240.115.247:80/TCP default/web:http", "<nil>:30080/TCP default/web:http");
    }

    /**
     * {@code fixtures/web-variants.iptables-save} is what {@code iptables-save} v1.8.9 (nf_tables) printed after the
     * payload of {@link #webInput()} and the init jumps were loaded into an empty network namespace. Every kube chain
     * holds the same rules in the same order, argument order aside.
     */
    @Test
    void variantSaveFixtureHoldsTheSameRulesChainByChain() {
        List<String> save = Golden.fixture("web-variants.iptables-save").lines().filter(l -> l.startsWith("-A KUBE-")).toList();
        UserspaceDataPlane dp = Fixtures.generate(webInput());
        List<String> restore = new java.util.ArrayList<>(Fixtures.rules(dp, "filter"));
        for (String chain : List.of("KUBE-NODEPORT-CONTAINER", "KUBE-NODEPORT-HOST", "KUBE-PORTALS-CONTAINER", "KUBE-PORTALS-HOST")) {
            Fixtures.rules(dp, "nat").stream().filter(l -> l.startsWith("-A " + chain + " ")).forEach(restore::add);
        }
        assertThat(restore).hasSameSizeAs(save);
        for (int i = 0; i < save.size(); i++) {
            assertThat(SaveForm.groups(restore.get(i))).as(save.get(i)).isEqualTo(SaveForm.groups(save.get(i)));
        }
        List<String> jumps = Golden.fixture("web-variants.iptables-save").lines()
                .filter(l -> l.startsWith("-A INPUT ") || l.startsWith("-A PREROUTING ") || l.startsWith("-A OUTPUT ")).toList();
        assertThat(jumps).containsExactlyElementsOf(Arrays.asList(
                "-A INPUT " + dp.payload().builtinJumps().get(4).args(),
                "-A PREROUTING " + dp.payload().builtinJumps().get(0).args(),
                "-A PREROUTING " + dp.payload().builtinJumps().get(1).args(),
                "-A OUTPUT " + dp.payload().builtinJumps().get(2).args(),
                "-A OUTPUT " + dp.payload().builtinJumps().get(3).args()));
    }

    @Test
    void specificBindAddressMakesContainerPortalsDnatToIt() {
        UserspaceDataPlane dp = new UserspaceMode().generate(Fixtures.hostnamesInput(),
                UserspaceOptions.defaults().withBindAddress(IpAddress.parse("10.240.115.250")));
        assertThat(Fixtures.rules(dp, "nat")).containsExactly(
                "-A KUBE-PORTALS-CONTAINER -m comment --comment \"default/hostnames:default\" -p tcp -m tcp --dport 80 -d 10.0.1.175/32 -j DNAT --to-destination 10.240.115.250:48577",
                "-A KUBE-PORTALS-HOST -m comment --comment \"default/hostnames:default\" -p tcp -m tcp --dport 80 -d 10.0.1.175/32 -j DNAT --to-destination 10.240.115.250:48577");
    }

    @Test
    void unnamedPortCommentFollowsTheVersionsServicePortNameString() {
        Service svc = Service.builder("default", "hostnames").clusterIp(IpAddress.parse("10.0.1.175"))
                .port(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 0)).build();
        var cluster = Fixtures.cluster(List.of(svc), List.of(Fixtures.slice("hostnames", "", Protocol.TCP, 9376, Fixtures.HOSTNAMES_PODS)));
        ProxyConfig old = Fixtures.config().kubeProxyVersion(new KubeProxyVersion(1, 18)).userspaceProxyPort("default/hostnames:", 48577).build();
        ProxyConfig recent = Fixtures.config().kubeProxyVersion(new KubeProxyVersion(1, 25)).userspaceProxyPort("default/hostnames", 48577).build();
        assertThat(Fixtures.rules(Fixtures.generate(new ProxyInput(cluster, old, Fixtures.NODE)), "nat").get(0))
                .contains("--comment \"default/hostnames:\" ");
        assertThat(Fixtures.rules(Fixtures.generate(new ProxyInput(cluster, recent, Fixtures.NODE)), "nat").get(0))
                .contains("--comment \"default/hostnames\" ");
    }
}
