package dev.kpsim.core.analysis.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IpvsAndNftFindingsTest {

    private static NodeSubject ipvs(String ipvsadm) {
        var c = Fixtures.hostnames();
        return new NodeSubject("ipvs", "ipvs", Fixtures.NODE, Optional.empty(), NodeEnvironment.of(c, Fixtures.NODE),
                new RuleInventory("ipvs", List.of(), Optional.empty(), Optional.of(IpvsListing.parse(ipvsadm))),
                Optional.of(new ProxyInput(c, ProxyConfig.defaults(), Fixtures.NODE)), Optional.empty());
    }

    private static NodeSubject nft(String listing, List<String> endpoints) {
        var c = Fixtures.hostnames(endpoints);
        return new NodeSubject("nft", "nftables", Fixtures.NODE, Optional.empty(), NodeEnvironment.of(c, Fixtures.NODE),
                RuleInventory.ofNftDump(listing), Optional.of(new ProxyInput(c, ProxyConfig.defaults(), Fixtures.NODE)),
                Optional.of(KubeProxyVersion.LATEST));
    }

    @Test
    void ipvsRealServersThatAreNoEndpointOrDrainingAreNamed() {
        NodeSubject s = ipvs("-A -t 10.0.1.175:80 -s rr\n-a -t 10.0.1.175:80 -r 10.244.1.7:9376 -m -w 1\n"
                + "-a -t 10.0.1.175:80 -r 10.244.2.3:9376 -m -w 0\n-a -t 10.0.1.175:80 -r 10.244.3.6:9376 -m -w 1\n"
                + "-a -t 10.0.1.175:80 -r 10.244.9.9:9376 -m -w 1\n-A -u 10.0.0.99:53 -s rr\n");
        DoctorReport r = Doctor.run(s, Optional.empty());
        assertThat(r.findings()).extracting(f -> f.kind().id() + ": " + f.message()).containsExactly(
                "untraceable-chain: virtual server UDP 10.0.0.99:53 is no frontend of any Service of the input",
                "stale-real-server: real server 10.244.9.9:9376 of TCP 10.0.1.175:80 (default/hostnames) is no endpoint of it",
                "weight-zero-real-server: real server 10.244.2.3:9376 of TCP 10.0.1.175:80 (default/hostnames) is draining at weight 0");
        assertThat(r.findings().get(1).lines()).containsExactly("-A -t 10.0.1.175:80 -s rr", "-a -t 10.0.1.175:80 -r 10.244.9.9:9376 -m -w 1");
        DoctorStep rules = r.services().get(0).steps().get(3);
        assertThat(rules.status()).isEqualTo(StepStatus.FAIL);
        assertThat(rules.details().get(0).text()).isEqualTo("virtual server TCP 10.0.1.175:80 (cluster IP): real servers "
                + "[10.244.1.7:9376, 10.244.3.6:9376, 10.244.9.9:9376], expected [10.244.1.7:9376, 10.244.2.3:9376, 10.244.3.6:9376]");
        assertThat(r.services().get(0).steps().get(4).details().get(0).text()).isEqualTo("kpsim cannot simulate ipvs mode yet");
    }

    @Test
    void nftablesStructureOfHostnamesIsComplete() {
        DoctorReport r = Doctor.run(nft(Fixtures.resource("hostnames.nft"), List.of("10.244.1.7", "10.244.2.3", "10.244.3.6")),
                Optional.empty());
        DoctorStep rules = r.services().get(0).steps().get(3);
        assertThat(rules.details()).extracting(DoctorStep.Detail::text).containsExactly(
                "map service-ips: 1 element for cluster IP 10.0.1.175:80/TCP -> goto service-EJAJPSCL-default/hostnames/tcp/",
                "chain service-EJAJPSCL-default/hostnames/tcp/: numgen random mod 3 vmap over 3 endpoint chains",
                "chain endpoint-VUNWOAHI-default/hostnames/tcp/__10.244.1.7/9376: dnat to 10.244.1.7:9376",
                "chain endpoint-5QRFDGDO-default/hostnames/tcp/__10.244.2.3/9376: dnat to 10.244.2.3:9376",
                "chain endpoint-ZV65KK6S-default/hostnames/tcp/__10.244.3.6/9376: dnat to 10.244.3.6:9376");
        assertThat(rules.status()).isEqualTo(StepStatus.OK);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void nftablesEndpointChainOfAGoneEndpointIsStaleAndTheMapIsShort() {
        DoctorReport r = Doctor.run(nft(Fixtures.resource("hostnames.nft"), List.of("10.244.1.7", "10.244.2.3")), Optional.empty());
        assertThat(r.findings()).extracting(f -> f.kind().id() + ": " + f.message()).containsExactly(
                "stale-endpoint-chain: endpoint-ZV65KK6S-default/hostnames/tcp/__10.244.3.6/9376 is default/hostnames's chain "
                        + "for 10.244.3.6/9376, which is not an endpoint of it");
        assertThat(r.services().get(0).steps().get(3).details().get(1).text()).isEqualTo(
                "chain service-EJAJPSCL-default/hostnames/tcp/: 'numgen random mod 3', expected 'numgen random mod 2'");
    }

    @Test
    void nftablesChainWithAForeignHashIsUntraceable() {
        String listing = Fixtures.resource("hostnames.nft").replace("chain reject-chain {",
                "chain service-AAAAAAAA-default/other/tcp/ {\n\t\tdrop\n\t}\n\n\tchain reject-chain {");
        DoctorReport r = Doctor.run(nft(listing, List.of("10.244.1.7", "10.244.2.3", "10.244.3.6")), Optional.empty());
        assertThat(r.findings()).extracting(f -> f.kind().id() + ": " + f.message()).containsExactly(
                "untraceable-chain: service-AAAAAAAA-default/other/tcp/ has a hash that does not match its name (not kube-proxy's)");
    }
}
