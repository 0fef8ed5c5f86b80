package dev.kpsim.emulator.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreflightTest {

    private static Preflight allBut(Map<Capability, String> missing) {
        Map<Capability, Check> m = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            m.put(c, missing.containsKey(c) ? Check.missing(c, missing.get(c)) : Check.present(c, "fine"));
        }
        return new Preflight(m);
    }

    @Test
    void namesExactlyWhatANeededCapabilityLacks() {
        Preflight p = allBut(Map.of(Capability.IPVS, Preflight.IPVS_UNAVAILABLE + " (/proc/net/ip_vs does not exist)",
                Capability.NFT, "nft not found on PATH (install package nftables)"));
        assertThat(p.missing(Set.of(Capability.ROOT, Capability.IPTABLES_NFT))).isEmpty();
        assertThat(p.missing(Set.of(Capability.IPVS, Capability.NFT, Capability.ROOT)))
                .containsExactly("nft not found on PATH (install package nftables)", "IPVS is not available in this kernel (/proc/net/ip_vs does not exist)");
        assertThatThrownBy(() -> p.require(Set.of(Capability.IPVS)))
                .isInstanceOf(EmulationUnavailableException.class)
                .hasMessage("cannot emulate on this machine: IPVS is not available in this kernel (/proc/net/ip_vs does not exist)")
                .satisfies(e -> assertThat(((EmulationUnavailableException) e).reasons()).hasSize(1));
        p.require(Set.of(Capability.ROOT));
        assertThat(p.describe()).hasSize(Capability.values().length).anyMatch(l -> l.startsWith("missing  the nft command"));
    }

    @Test
    void everyCapabilityMustBeChecked() {
        assertThatThrownBy(() -> new Preflight(Map.of(Capability.ROOT, Check.present(Capability.ROOT, "uid 0"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(Capability.values())).allMatch(c -> !c.description().isBlank());
    }
}
