package dev.kpsim.core.kubeproxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Worked examples of kube-proxy's chain-name hash, from kube-proxy's tests and the kubernetes.io docs. */
class ChainNamesTest {

    @ParameterizedTest
    @CsvSource({
            "default/hostnames:tcp, NWV5X2332I4OT4T3",
            "default/hostnames:tcp10.244.3.6:9376, 57KPRZ3JQVENLNBR",
            "default/hostnames:tcp10.244.1.7:9376, WNBA2IHDGP2BOBGZ",
            "default/hostnames:tcp10.244.2.3:9376, X3P2623AGDH6CDF3",
            "default/kubernetes:httpstcp, NPX46M4PTMTKRN6Y",
            "ns1/svc1:p80tcp, XPGD46QRK7WJZT7O",
            "ns1/svc1:p80tcp10.180.0.1:80, SXIVWICOYRO3J4NJ",
            "ns1/svc1tcp, AQI2S6QIMU7PVVRP",
            "ns1/svc1tcp10.0.1.1:80, 3JOIVZTXZZRGORX4",
            "default/hostnames:TCP, BU6FWIFPCDBQVTVU",
            "default/hostnamestcp, YN5D6RYVEVZOH44Q",
    })
    void hash16MatchesKubeProxy(String input, String expected) {
        assertThat(ChainNames.hash16(input)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void chainNamesUseTheVersionsServicePortNameString() {
        ServicePortName spn = new ServicePortName("default", "hostnames", "", dev.kpsim.core.net.Protocol.TCP);
        assertThat(ChainNames.svc(spn.toString(KubeProxyVersion.parse("1.2").orElseThrow()), "tcp"))
                .isEqualTo("KUBE-SVC-NWV5X2332I4OT4T3");
        assertThat(ChainNames.svc(spn.toString(KubeProxyVersion.LATEST), "tcp")).isEqualTo("KUBE-SVC-YN5D6RYVEVZOH44Q");
        assertThat(ChainNames.sep(spn.legacyString(), "tcp", "10.244.3.6:9376")).isEqualTo("KUBE-SEP-57KPRZ3JQVENLNBR");
    }
}
