package dev.kpsim.mode.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.config.IpvsSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.gen.IpvsDataPlane;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Generation for the hostnames example and variations, checked against kube-proxy's IPVS proxier output. */
class IpvsModeTest {
    private static final String NODE = "node-1";

    private static SliceEndpoint ep(String ip, String node, Boolean ready, Boolean terminating) {
        return new SliceEndpoint(List.of(IpAddress.parse(ip)), ready, ready, terminating, node, null, null, null,
                "default/hostnames-" + ip.substring(ip.lastIndexOf('.') + 1));
    }

    static Cluster hostnames(Service svc, List<SliceEndpoint> eps) {
        Node node = new Node(NODE, List.of(IpAddress.parse("192.168.0.2")), List.of(Cidr.parse("10.244.0.0/24")), null, null);
        EndpointSlice slice = new EndpointSlice("default", "hostnames-abc", "hostnames", IpFamily.IPV4,
                List.of(new EndpointPort("", Protocol.TCP, 9376)), eps, null);
        return new Cluster(List.of(node), List.of(), List.of(svc), List.of(slice));
    }

    private static dev.kpsim.core.cluster.ServiceBuilder base() {
        return Service.builder("default", "hostnames").clusterIp(IpAddress.parse("10.0.1.175"))
                .port(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 0));
    }

    private static List<SliceEndpoint> threePods() {
        return List.of(ep("10.244.0.5", NODE, true, null), ep("10.244.0.6", "node-2", true, null),
                ep("10.244.0.7", "node-2", true, null));
    }

    private static IpvsDataPlane generate(Cluster c, ProxyConfig cfg) {
        return (IpvsDataPlane) new IpvsMode().generate(new ProxyInput(c, cfg, NODE));
    }

    @Test
    void hostnamesServiceInIpvsadmLayout() {
        IpvsDataPlane dp = generate(hostnames(base().build(), threePods()), ProxyConfig.defaults().toBuilder().mode("ipvs").build());
        assertThat(dp.render("ipvsadm")).isEqualTo(
                "IP Virtual Server version 1.2.1 (size=4096)\n"
                        + "Prot LocalAddress:Port Scheduler Flags\n"
                        + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
                        + "TCP  10.0.1.175:80 rr\n"
                        + "  -> 10.244.0.5:9376              Masq    1      0          0         \n"
                        + "  -> 10.244.0.6:9376              Masq    1      0          0         \n"
                        + "  -> 10.244.0.7:9376              Masq    1      0          0         \n");
        assertThat(dp.render("ipvsadm-save")).isEqualTo(
                "-A -t 10.0.1.175:80 -s rr\n"
                        + "-a -t 10.0.1.175:80 -r 10.244.0.5:9376 -m -w 1\n"
                        + "-a -t 10.0.1.175:80 -r 10.244.0.6:9376 -m -w 1\n"
                        + "-a -t 10.0.1.175:80 -r 10.244.0.7:9376 -m -w 1\n");
        // kernel list: added in endpoint order, each at the head
        assertThat(dp.table().services().get(0).realServers()).extracting(r -> r.address().toString())
                .containsExactly("10.244.0.7", "10.244.0.6", "10.244.0.5");
        assertThat(dp.dummyAddresses()).containsExactly(IpAddress.parse("10.0.1.175"));
    }

    @Test
    void ipsetsOfTheHostnamesNode() {
        IpvsDataPlane dp = generate(hostnames(base().build(), threePods()), ProxyConfig.defaults());
        String save = dp.render("ipset");
        assertThat(save).contains("create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x")
                .contains("add KUBE-CLUSTER-IP 10.0.1.175,tcp:80\n")
                .contains("add KUBE-LOOP-BACK 10.244.0.5,tcp:9376,10.244.0.5\n")
                .contains("create KUBE-NODE-PORT-TCP bitmap:port range 0-65535\n")
                .contains("add KUBE-IPVS-IPS 10.0.1.175\n")
                .doesNotContain("10.244.0.6,tcp:9376,10.244.0.6");
        assertThat(dp.ipsets()).extracting(s -> s.name()).startsWith("KUBE-LOOP-BACK", "KUBE-CLUSTER-IP")
                .endsWith("KUBE-HEALTH-CHECK-NODE-PORT", "KUBE-IPVS-IPS").hasSize(17);
        String list = dp.render("ipset-list");
        assertThat(list).contains("Name: KUBE-CLUSTER-IP\nType: hash:ip,port\nRevision: 7\nHeader: family inet hashsize 1024 "
                + "maxelem 65536 bucketsize 12 initval 0x");
        assertThat(list).contains("Size in memory: 264\nReferences: 3\nNumber of entries: 1\nMembers:\n10.0.1.175,tcp:80\n\nName: ");
    }

    @Test
    void iptablesPayloadOfTheCurrentFlavour() {
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().clusterCidrs(List.of(Cidr.parse("10.244.0.0/16"))).build();
        String p = generate(hostnames(base().build(), threePods()), cfg).render("iptables");
        assertThat(p).isEqualTo("*nat\n"
                + ":KUBE-SERVICES - [0:0]\n:KUBE-POSTROUTING - [0:0]\n:KUBE-NODE-PORT - [0:0]\n:KUBE-LOAD-BALANCER - [0:0]\n"
                + ":KUBE-MARK-MASQ - [0:0]\n"
                + "-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN\n"
                + "-A KUBE-POSTROUTING -m comment --comment \"Kubernetes endpoints dst ip:port, source ip for solving hairpin "
                + "purpose\" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE\n"
                + "-A KUBE-SERVICES -m comment --comment \"Kubernetes service cluster ip + port for masquerade purpose\" -m set "
                + "--match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ\n"
                + "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT\n"
                + "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ\n"
                + "-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\n"
                + "-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN\n"
                + "-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000\n"
                + "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully\n"
                + "-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n"
                + "COMMIT\n"
                + "*filter\n"
                + ":KUBE-FORWARD - [0:0]\n:KUBE-NODE-PORT - [0:0]\n:KUBE-PROXY-FIREWALL - [0:0]\n"
                + ":KUBE-SOURCE-RANGES-FIREWALL - [0:0]\n:KUBE-IPVS-FILTER - [0:0]\n:KUBE-IPVS-OUT-FILTER - [0:0]\n"
                + "-A KUBE-SOURCE-RANGES-FIREWALL -j DROP\n"
                + "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x00004000/0x00004000 -j ACCEPT\n"
                + "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate "
                + "RELATED,ESTABLISHED -j ACCEPT\n"
                + "-A KUBE-NODE-PORT -m comment --comment \"Kubernetes health check node port\" -m set --match-set "
                + "KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT\n"
                + "-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN\n"
                + "-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN\n"
                + "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN\n"
                + "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN\n"
                + "-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN\n"
                + "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT\n"
                + "COMMIT\n");
        assertThat(generate(hostnames(base().build(), threePods()), cfg).payload(IpFamily.IPV4).orElseThrow().builtinJumps())
                .extracting(j -> j.table() + " " + j.chain() + " " + j.args())
                .containsExactly("nat OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                        "nat PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                        "nat POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
                        "filter FORWARD -m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL",
                        "filter FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
                        "filter INPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-FILTER",
                        "filter INPUT -m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL",
                        "filter INPUT -m comment --comment \"kubernetes health check rules\" -j KUBE-NODE-PORT",
                        "filter OUTPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-OUT-FILTER");
    }

    @Test
    void nodePortAffinityAndMaglev() {
        Service svc = base().type(ServiceType.NodePort).ports(List.of(new ServicePort("http", Protocol.TCP, 80, PortRef.of(9376), 30080)))
                .sessionAffinity(SessionAffinity.ClientIP, 10800).build();
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().ipvs(new IpvsSettings("mh", false, List.of(), 0, 0, 0)).build();
        Cluster c = new Cluster(hostnames(svc, threePods()).nodes(), List.of(), List.of(svc),
                List.of(new EndpointSlice("default", "s", "hostnames", IpFamily.IPV4,
                        List.of(new EndpointPort("http", Protocol.TCP, 9376)), threePods(), null)));
        IpvsDataPlane dp = generate(c, cfg);
        String out = dp.render("ipvsadm");
        assertThat(out).contains("TCP  192.168.0.2:30080 mh (mh-port) persistent 10800\n")
                .contains("TCP  10.0.1.175:80 mh (mh-port) persistent 10800\n");
        // ipvsadm's wrapped address comparison puts 192.168.0.2 (0xC0A80002) before 10.0.1.175
        assertThat(out.indexOf("192.168.0.2:30080")).isLessThan(out.indexOf("10.0.1.175:80"));
        assertThat(dp.render("ipvsadm-save")).contains("-A -t 10.0.1.175:80 -s mh -p 10800 -b mh-port\n");
        assertThat(dp.render("ipset")).contains("add KUBE-NODE-PORT-TCP 30080\n");
        assertThat(dp.dummyAddresses()).doesNotContain(IpAddress.parse("192.168.0.2"));
    }

    @Test
    void terminatingTcpEndpointDrainsAtWeightZero() {
        List<SliceEndpoint> eps = new ArrayList<>(threePods());
        eps.add(ep("10.244.0.8", "node-2", false, true));
        IpvsDataPlane dp = generate(hostnames(base().build(), eps), ProxyConfig.defaults());
        assertThat(dp.render("ipvsadm")).contains("  -> 10.244.0.8:9376              Masq    0      0          0         \n");
        VirtualServer vs = dp.table().services().get(0);
        assertThat(vs.realServers().get(0).address()).isEqualTo(IpAddress.parse("10.244.0.8"));
    }

    @Test
    void v118FlavourUsesSetXmarkAndNatFirewall() {
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().kubeProxyVersion(new KubeProxyVersion(1, 18)).build();
        Service svc = base().type(ServiceType.NodePort).ports(List.of(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 30080))).build();
        IpvsDataPlane dp = generate(hostnames(svc, threePods()), cfg);
        String p = dp.render("iptables");
        assertThat(p).startsWith("*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-POSTROUTING - [0:0]\n:KUBE-FIREWALL - [0:0]\n")
                .contains("\n-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -m mark "
                        + "--mark 0x00004000/0x00004000 -j MASQUERADE --random-fully\n-A KUBE-MARK-MASQ -j MARK --set-xmark "
                        + "0x00004000/0x00004000\n")
                .contains("-A KUBE-FIREWALL -j KUBE-MARK-DROP\n")
                .doesNotContain("KUBE-IPVS-FILTER").doesNotContain("127.0.0.0/8");
        assertThat(dp.render("ipvsadm")).contains("TCP  127.0.0.1:30080 rr\n");
        assertThat(dp.ipsets()).extracting(s -> s.name()).doesNotContain("KUBE-IPVS-IPS", "KUBE-HEALTH-CHECK-NODE-PORT");
    }

    @Test
    void modeIsRegisteredForServiceLoader() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(ProxyMode.class).forEach(m -> names.add(m.name()));
        assertThat(names).contains("ipvs");
        assertThat(new IpvsMode().formats()).startsWith("ipvsadm");
    }
}
