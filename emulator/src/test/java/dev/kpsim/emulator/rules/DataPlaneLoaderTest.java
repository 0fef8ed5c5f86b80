package dev.kpsim.emulator.rules;

import dev.kpsim.core.netfilter.restore.EnsuredChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.emulator.fixtures.Hostnames;
import dev.kpsim.emulator.preflight.Capability;
import org.junit.jupiter.api.Test;

class DataPlaneLoaderTest {

    @Test
    void theJumpPayloadDeclaresTargetChainsOnceAndAppendsInOrder() {
        String p = DataPlaneLoader.jumpPayload(Hostnames.payload(true).builtinJumps());
        assertThat(p).startsWith("*filter\n:KUBE-PROXY-FIREWALL - [0:0]\n:KUBE-NODEPORTS - [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\n"
                + ":KUBE-FORWARD - [0:0]\n:KUBE-SERVICES - [0:0]\n"
                + "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL\n");
        assertThat(p).contains("COMMIT\n*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-POSTROUTING - [0:0]\n"
                + "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\nCOMMIT\n");
    }

    @Test
    void findsTheAccountingObjectsAPayloadCountsInto() {
        assertThat(DataPlaneLoader.nfacctNames(Hostnames.payload(true, true).render())).containsExactly("ct_state_invalid_dropped_pkts");
        assertThat(DataPlaneLoader.nfacctNames(Hostnames.payload(true, false).render())).isEmpty();
        assertThat(new dev.kpsim.emulator.experiment.DataPlaneLoad.Iptables(Hostnames.payload(true, true)).needs(IptablesBackend.NFT))
                .containsExactlyInAnyOrder(Capability.IPTABLES_NFT, Capability.NFACCT);
    }

    @Test
    void ensuredChainsAreDeclaredBeforeTheJumpTargets() {
        var jumps = java.util.List.of(new dev.kpsim.core.netfilter.restore.RestorePayload.BuiltinJump("nat", "OUTPUT", "-j KUBE-SERVICES"));
        var ensured = java.util.List.of(new EnsuredChain("mangle", "KUBE-PROXY-CANARY"), new EnsuredChain("nat", "KUBE-PROXY-CANARY"),
                new EnsuredChain("nat", "KUBE-SERVICES"));
        assertThat(DataPlaneLoader.jumpPayload(jumps, ensured)).isEqualTo("*mangle\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n"
                + "*nat\n:KUBE-PROXY-CANARY - [0:0]\n:KUBE-SERVICES - [0:0]\n-A OUTPUT -j KUBE-SERVICES\nCOMMIT\n");
    }

    @Test
    void targetsRespectQuotesAndExtensionsAreNotDeclared() {
        assertThat(DataPlaneLoader.target("-m comment --comment \"x -j FAKE\" -j KUBE-SERVICES")).isEqualTo("KUBE-SERVICES");
        assertThat(DataPlaneLoader.target("-m comment --comment \"no target\"")).isNull();
        assertThat(DataPlaneLoader.tokens("-m comment --comment \"a b\" -s 1.2.3.4")).containsExactly("-m", "comment", "--comment", "a b", "-s", "1.2.3.4");
        assertThat(DataPlaneLoader.tokens("--comment \"\" -j X")).containsExactly("--comment", "", "-j", "X");
        var jumps = java.util.List.of(new dev.kpsim.core.netfilter.restore.RestorePayload.BuiltinJump("filter", "INPUT", "-p tcp -j REJECT"));
        assertThat(DataPlaneLoader.jumpPayload(jumps)).isEqualTo("*filter\n-A INPUT -p tcp -j REJECT\nCOMMIT\n");
    }

    @Test
    void backendsNameTheirCommandsAndCapabilities() {
        assertThat(IptablesBackend.NFT.restore(IpFamily.IPV4)).isEqualTo("iptables-nft-restore");
        assertThat(IptablesBackend.LEGACY.save(IpFamily.IPV6)).isEqualTo("ip6tables-legacy-save");
        assertThat(IptablesBackend.LEGACY.capability(IpFamily.IPV4)).isEqualTo(Capability.IPTABLES_LEGACY);
        assertThat(IptablesBackend.NFT.capability(IpFamily.IPV6)).isEqualTo(Capability.IP6TABLES_NFT);
        assertThat(IptablesBackend.parse("Legacy")).contains(IptablesBackend.LEGACY);
        assertThat(IptablesBackend.parse("xtables")).isEmpty();
    }
}
