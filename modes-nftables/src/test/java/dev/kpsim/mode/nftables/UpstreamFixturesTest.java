package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.mode.nftables.gen.NftFlavour;
import dev.kpsim.mode.nftables.text.InputPrinter;
import org.junit.jupiter.api.Test;

/**
 * kpsim's 1.34 layout against the expected dumps of upstream {@code proxier_test.go}, compared as upstream compares
 * them (sorted transaction lines).
 */
class UpstreamFixturesTest {

    private static final KubeProxyVersion V134 = new KubeProxyVersion(1, 34);

    private static void assertMatches(Cluster c, String fixture) {
        String generated = InputPrinter.table(UpstreamScenarios.generate(c, NftFlavour.V1_34, V134));
        String expected = KnftablesDump.resource("upstream/v1_34/base-rules.nft")
                + KnftablesDump.resource("upstream/v1_34/" + fixture);
        assertThat(KnftablesDump.canonical(generated)).isEqualTo(KnftablesDump.canonical(expected));
    }

    @Test
    void overallRulesMatchTestOverallNFTablesRules() {
        assertMatches(UpstreamScenarios.overall(), "overall.nft");
    }

    @Test
    void threeServicesMatchTestSyncProxyRulesRepeated() {
        assertMatches(UpstreamScenarios.repeated3(), "repeated-3svc.nft");
    }

    @Test
    void serviceWithoutEndpointsGetsRejectElement() {
        assertMatches(UpstreamScenarios.repeated4(false), "repeated-4svc-no-endpoints.nft");
    }

    @Test
    void fourServicesMatchAfterEndpointsArrive() {
        assertMatches(UpstreamScenarios.repeated4(true), "repeated-4svc.nft");
    }
}
