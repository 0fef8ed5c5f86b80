package dev.kpsim.emulator.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.netfilter.restore.EnsuredChain;
import dev.kpsim.emulator.experiment.DataPlaneLoad;
import dev.kpsim.emulator.fixtures.Shop;
import dev.kpsim.emulator.userspace.ProxyServiceSpec;
import dev.kpsim.mode.iptables.IptablesDataPlane;
import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.mode.nftables.NftablesMode;
import dev.kpsim.mode.userspace.UserspaceDataPlane;
import dev.kpsim.mode.userspace.UserspaceMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator loads exactly what {@code kpsim generate} prints. */
class GeneratedLoadsTest {

    @Test
    void iptablesLoadsThePayloadWithItsJumpsAndEnsuredChains() {
        IptablesDataPlane dp = new IptablesMode().generate(Shop.input("iptables"));
        List<DataPlaneLoad> loads = GeneratedLoads.of(dp);
        assertThat(loads).singleElement().isInstanceOfSatisfying(DataPlaneLoad.Iptables.class, l -> {
            assertThat(l.payload().render()).isEqualTo(dp.render("restore"));
            assertThat(l.ensuredChains()).contains(new EnsuredChain("mangle", "KUBE-PROXY-CANARY"));
        });
    }

    @Test
    void nftablesLoadsTheNftInputForm() {
        DataPlane dp = new NftablesMode().generate(Shop.input("nftables"));
        assertThat(GeneratedLoads.of(dp)).singleElement().isEqualTo(new DataPlaneLoad.Nftables(dp.render("nft-f")));
    }

    @Test
    void userspaceLoadsThePortalsAndARealProxyFromTheGeneratedState() {
        ProxyInput in = Shop.input("userspace");
        UserspaceDataPlane dp = new UserspaceMode().generate(new ProxyInput(in.cluster(),
                in.config().toBuilder().kubeProxyVersion(new KubeProxyVersion(1, 25)).build(), in.nodeName()));
        List<DataPlaneLoad> loads = GeneratedLoads.of(dp);
        assertThat(loads).hasSize(2);
        assertThat(((DataPlaneLoad.Iptables) loads.get(0)).payload()).isEqualTo(dp.payload());
        List<ProxyServiceSpec> specs = ((DataPlaneLoad.UserspaceProxy) loads.get(1)).services();
        assertThat(specs).hasSize(2);
        for (ProxyServiceSpec s : specs) {
            var state = dp.proxier().loadBalancer().state(s.name());
            assertThat(s.endpoints()).isEqualTo(state.endpoints());
            assertThat(s.index()).isEqualTo(state.index());
            assertThat(s.proxyPort()).isEqualTo(dp.proxier().services().get(s.name()).proxyPort());
        }
    }

    @Test
    void ipvsIsNotLoaded() {
        DataPlane ipvs = new DataPlane() {
            @Override
            public String mode() {
                return "ipvs";
            }

            @Override
            public String render(String format) {
                return "";
            }
        };
        assertThatThrownBy(() -> GeneratedLoads.of(ipvs)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("cannot load a ipvs data plane");
    }
}
