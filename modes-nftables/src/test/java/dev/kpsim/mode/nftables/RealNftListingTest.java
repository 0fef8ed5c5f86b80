package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.mode.nftables.gen.NftFlavour;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import dev.kpsim.mode.nftables.text.ListPrinter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kpsim's {@code nft} rendering against what the real {@code nft} 1.0.6 listed after loading kpsim's {@code nft-f}
 * rendering into a kernel (see {@code src/test/resources/nft106/README.md}): byte for byte, including element sort
 * order and wrapping, symbolic priorities, and the {@code size 65535} of dynamically updated sets.
 */
class RealNftListingTest {

    @ParameterizedTest
    @EnumSource(NftFlavour.class)
    void overallScenarioListsAsRealNft(NftFlavour flavour) {
        String printed = ListPrinter.table(UpstreamScenarios.generate(UpstreamScenarios.overall(), flavour,
                new KubeProxyVersion(1, 34)));
        assertThat(printed).isEqualTo(KnftablesDump.resource("nft106/overall-" + flavour + ".list"));
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void hostnamesListsAsRealNft(String version) {
        NftablesDataPlane dp = NftablesMode.generate(Hostnames.input(KubeProxyVersion.parse(version).orElseThrow()),
                NftGeneratorOptions.defaults());
        assertThat(dp.render("nft")).isEqualTo(KnftablesDump.resource("nft106/hostnames-" + version + ".list"));
    }

    @ParameterizedTest
    @CsvSource({"1.33", "1.35", "1.36"})
    void dualStackListsAsRealNft(String version) {
        assertThat(DualStack.dataPlane(version).render("nft"))
                .isEqualTo(KnftablesDump.resource("nft106/dual-" + version + ".list"));
    }
}
