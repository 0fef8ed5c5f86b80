package dev.kpsim.mode.nftables;

import static dev.kpsim.mode.nftables.TestClusters.ep;
import static dev.kpsim.mode.nftables.TestClusters.epPort;
import static dev.kpsim.mode.nftables.TestClusters.port;
import static dev.kpsim.mode.nftables.TestClusters.svc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import dev.kpsim.mode.nftables.text.ListPrinter;
import dev.kpsim.mode.nftables.text.NftParser;
import dev.kpsim.mode.nftables.text.ParseResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 1.36 flavour against a real v1.36.2 {@code nft list table ip kube-proxy} (see
 * {@code src/test/resources/real/README.md}): every block the listing shows is in kpsim's rendering of the same
 * cluster, and the listing parses and prints back unchanged.
 */
class RealV136ListingTest {

    private static Cluster cluster() {
        return new TestClusters().node("pi", List.of("192.168.0.231"), List.of("10.244.0.0/24"))
                .service(svc("default", "kubernetes", "10.96.0.1").port(port("https", Protocol.TCP, 443, 6443, 0)).build())
                .slice("default", "kubernetes", List.of(epPort("https", Protocol.TCP, 6443)),
                        List.of(ep("192.168.0.231", null)))
                .service(svc("kube-system", "kube-dns", "10.96.0.10").port(port("dns", Protocol.UDP, 53, 0))
                        .port(port("dns-tcp", Protocol.TCP, 53, 0)).port(port("metrics", Protocol.TCP, 9153, 0)).build())
                .service(svc("kproxy-lab", "backend-api", "10.100.192.23").port(port("http", Protocol.TCP, 80, 9898, 0))
                        .build())
                .slice("kproxy-lab", "backend-api", List.of(epPort("http", Protocol.TCP, 9898)),
                        List.of(ep("10.244.0.8", "pi"), ep("10.244.0.10", "pi")))
                .build();
    }

    @Test
    void everyBlockOfTheRealListingIsGenerated() {
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().mode("nftables")
                .clusterCidrs(List.of(Cidr.parse("10.244.0.0/16"))).kubeProxyVersion(new KubeProxyVersion(1, 36)).build();
        String generated = NftablesMode.generate(new ProxyInput(cluster(), cfg, "pi"), NftGeneratorOptions.defaults())
                .render("nft");
        String real = KnftablesDump.resource("real/v1.36.2-excerpt.list");
        String body = real.substring(real.indexOf('\n') + 1, real.lastIndexOf("}\n"));
        for (String block : body.split("\n\n")) {
            assertThat(generated).contains(block.endsWith("\n") ? block : block + "\n");
        }
    }

    @Test
    void realListingPrintsBackUnchanged() {
        String real = KnftablesDump.resource("real/v1.36.2-excerpt.list");
        ParseResult r = NftParser.parse(real, "pi.nft");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(ListPrinter.ruleset(r.ruleset())).isEqualTo(real);
    }
}
