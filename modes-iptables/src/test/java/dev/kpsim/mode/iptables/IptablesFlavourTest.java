package dev.kpsim.mode.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IptablesFlavourTest {

    @ParameterizedTest
    @CsvSource({
            "1.0, 1.2, false",
            "1.2, 1.2, true",
            "1.8, 1.2, false",
            "1.18, 1.2, false",
            "1.19, 1.26, false",
            "1.24, 1.26, false",
            "1.25, 1.26, true",
            "1.26, 1.26, true",
            "1.27, 1.28, false",
            "1.28, 1.28, true",
            "1.29, 1.28, false",
            "1.30, 1.31, false",
            "1.31, 1.31, true",
            "1.35, 1.31, true",
            "1.40, 1.31, false"})
    void versionMapsToNearestFlavour(String version, String flavour, boolean exact) {
        KubeProxyVersion v = KubeProxyVersion.parse(version).orElseThrow();
        IptablesFlavour f = IptablesFlavour.forVersion(v);
        assertThat(f.name()).isEqualTo(flavour);
        assertThat(f.reproducesExactly(v)).isEqualTo(exact);
    }

    @ParameterizedTest
    @CsvSource({"1.24, 1.26", "1.29, 1.28", "1.8, 1.2"})
    void approximateVersionsGetANote(String version, String flavour) {
        ProxyConfig cfg = ProxyConfig.defaults().toBuilder().kubeProxyVersion(KubeProxyVersion.parse(version).orElseThrow()).build();
        IptablesDataPlane dp = new IptablesMode().generate(new ProxyInput(HostnamesTest.hostnames(), cfg, "node-1"));
        assertThat(dp.notes()).extracting(d -> d.format())
                .containsExactly("kpsim: note: kube-proxy " + version + " output is reproduced with the " + flavour + " flavour");
        assertThat(dp.notes().get(0).code()).isEqualTo("flavour-approximation");
    }
}
