package dev.kpsim.core.analysis.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import org.junit.jupiter.api.Test;

class ListingsTest {

    @Test
    void nftListingReadsChainsAndMultiLineElements() {
        NftListing l = NftListing.parse(Fixtures.resource("hostnames.nft"));
        NftListing.NftTableText t = l.tables().get("ip kube-proxy");
        assertThat(l.kubeProxyTables()).containsExactly(t);
        assertThat(t.elements("service-ips")).containsExactly("10.0.1.175 . tcp . 80 : goto service-EJAJPSCL-default/hostnames/tcp/");
        assertThat(t.elements("cluster-ips")).containsExactly("10.0.1.175");
        assertThat(t.chain("masquerading").orElseThrow().rules()).containsExactly("meta mark & 0x00004000 == 0x00000000 return",
                "meta mark set meta mark ^ 0x00004000", "masquerade fully-random");
        assertThat(t.chain("filter-input").orElseThrow().rules()).hasSize(2);
        assertThat(t.chain("reject-chain").orElseThrow().rules()).containsExactly("reject");
        NftListing wrapped = NftListing.parse("table ip kube-proxy {\n\tmap service-ips {\n\t\ttype ipv4_addr : verdict\n"
                + "\t\telements = { 10.0.0.1 . tcp . 80 : goto a,\n\t\t\t     10.0.0.2 . tcp . 80 : goto b }\n\t}\n}\n");
        assertThat(wrapped.tables().get("ip kube-proxy").elements("service-ips"))
                .containsExactly("10.0.0.1 . tcp . 80 : goto a", "10.0.0.2 . tcp . 80 : goto b");
    }

    @Test
    void ipvsadmSaveListingReadsServersAndWeights() {
        IpvsListing l = IpvsListing.parse("-A -t 10.0.1.175:80 -s rr -p 10800\n-a -t 10.0.1.175:80 -r 10.244.0.5:9376 -m -w 1\n"
                + "-A -u [fd00::a]:53 -s sh\n-a -u [fd00::a]:53 -r [fd00:10::5]:53 -m -w 0\nnot a line\n");
        assertThat(l.virtualServers()).hasSize(2);
        IpvsListing.VirtualServer tcp = l.virtualServer(Protocol.TCP, HostPort.parse("10.0.1.175:80")).orElseThrow();
        assertThat(tcp.scheduler()).isEqualTo("rr");
        assertThat(tcp.persistence()).isEqualTo(10800);
        assertThat(tcp.realServers()).containsExactly(new IpvsListing.RealServer(HostPort.parse("10.244.0.5:9376"), 1, 2));
        IpvsListing.VirtualServer udp = l.virtualServer(Protocol.UDP, HostPort.parse("[fd00::a]:53")).orElseThrow();
        assertThat(udp.realServers().get(0).weight()).isZero();
        assertThat(l.entryCount()).isEqualTo(4);
    }

    @Test
    void namesAreRecomputedInEveryForm() {
        ServicePortName unnamed = new ServicePortName("default", "hostnames", "", Protocol.TCP);
        assertThat(KubeProxyNames.forms(unnamed)).extracting(KubeProxyNames.SpnForm::text).containsExactly("default/hostnames", "default/hostnames:");
        assertThat(KubeProxyNames.serviceChain("KUBE-SVC-", "default/hostnames:", "tcp")).isEqualTo("KUBE-SVC-NWV5X2332I4OT4T3");
        assertThat(KubeProxyNames.endpointChain("default/hostnames:", "tcp", HostPort.parse("10.244.3.6:9376"))).isEqualTo("KUBE-SEP-57KPRZ3JQVENLNBR");
        assertThat(KubeProxyNames.serviceChain("KUBE-SVC-", "ns1/svc1:p80", "tcp")).isEqualTo("KUBE-SVC-XPGD46QRK7WJZT7O");
        ServicePortName p80 = new ServicePortName("ns1", "svc1", "p80", Protocol.TCP);
        assertThat(KubeProxyNames.forms(p80)).hasSize(1);
        assertThat(KubeProxyNames.nftChain("service-", p80)).isEqualTo("service-ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(KubeProxyNames.nftEndpointChain(p80, HostPort.parse("10.180.0.1:80"))).isEqualTo("endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
        assertThat(KubeProxyNames.nftChain("service-", unnamed)).isEqualTo("service-EJAJPSCL-default/hostnames/tcp/");
        assertThat(KubeProxyNames.nftEndpointBase(unnamed, HostPort.parse("[fd00::5]:80"))).isEqualTo("default/hostnames/tcp/__fd00..5/80");
    }
}
