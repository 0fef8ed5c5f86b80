package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.engine.path.HairpinMode;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bridge's behaviour as kpsim encodes it (reference/hairpin.md §2, §3, §5). */
class BridgeKernelFactsTest {

    @ParameterizedTest(name = "{0} brnf={1} {2} masq={3} invalidDrop={4} -> {5} observed={6}")
    @CsvSource({
            "NONE,               true,  BRIDGED_DNAT, true,  true,  FAILS,      true",
            "NONE,               true,  BRIDGED_DNAT, false, true,  FAILS,      true",
            "HAIRPIN_VETH,       true,  BRIDGED_DNAT, true,  true,  WORKS,      true",
            "HAIRPIN_VETH,       true,  BRIDGED_DNAT, false, true,  FAILS,      true",
            "PROMISCUOUS_BRIDGE, true,  BRIDGED_DNAT, true,  true,  FAILS,      true",
            "PROMISCUOUS_BRIDGE, true,  BRIDGED_DNAT, true,  false, FAILS,      true",
            "NONE,               false, BRIDGED_DNAT, true,  true,  WORKS,      false",
            "NONE,               false, BRIDGED_DNAT, false, true,  FAILS,      false",
            "PROMISCUOUS_BRIDGE, false, BRIDGED_DNAT, true,  true,  WORKS,      false",
            "NONE,               true,  HOST_ROUTED,  true,  true,  WORKS,      false",
            "NONE,               true,  HOST_ROUTED,  false, true,  FAILS,      false",
            "HAIRPIN_VETH,       true,  HOST_ROUTED,  true,  false, WORKS,      false"})
    void selfConnections(HairpinMode mode, boolean brNf, SelfPath path, boolean masq, boolean invalidDrop,
                         KernelVerdict.Result expected, boolean observed) {
        KernelVerdict v = BridgeKernelFacts.selfConnection(mode, brNf, path, masq, invalidDrop);
        assertThat(v.result()).isEqualTo(expected);
        assertThat(v.observed()).isEqualTo(observed);
        assertThat(v.reason()).isNotBlank();
        assertThat(v.evidence()).isNotBlank();
    }

    @ParameterizedTest(name = "brnf={0} masq={1} -> {2}")
    @CsvSource({"true, false, WORKS", "true, true, WORKS", "false, true, WORKS", "false, false, FAILS"})
    void otherPodsOfTheSameNode(boolean brNf, boolean masq, KernelVerdict.Result expected) {
        assertThat(BridgeKernelFacts.otherLocalPod(brNf, masq).result()).isEqualTo(expected);
    }
}
