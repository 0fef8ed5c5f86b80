package dev.kpsim.emulator.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.experiment.EmulationSetup;
import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.fixtures.Shop;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.host.NetnsList;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.mode.userspace.UserspaceMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Agreement} on the shop cluster (every kind of frontend, source ranges, ClientIP affinity): kernel and
 * simulator agree cell by cell, and the historical userspace proxy makes exactly the simulated proxier's choices,
 * connection by connection.
 */
class AgreementIT {

    private static AgreementReport run(DataPlane dp, ProxyInput in, List<Frontend> frontends, int n, boolean hairpin) {
        Preflight pf = Machine.assume(new EmulationSetup(in.cluster(), in.nodeName(), GeneratedLoads.of(dp), IptablesBackend.NFT,
                HairpinMode.HAIRPIN_VETH).needs());
        List<String> progress = new ArrayList<>();
        AgreementReport r = Agreement.run(new AgreementRequest(in, dp, frontends, Optional.empty(), n, HairpinMode.HAIRPIN_VETH,
                hairpin, IptablesBackend.NFT, 1, Duration.ofMillis(900)), pf, AgentLauncher.current(), progress::add);
        assertThat(progress).hasSize(r.cells().size() + r.hairpin().size()).allMatch(l -> l.startsWith("["));
        assertThat(NetnsList.names()).noneMatch(ns -> ns.startsWith("kpsim-" + ProcessHandle.current().pid() + "-"));
        return r;
    }

    private static String disagreements(AgreementReport r) {
        StringBuilder sb = new StringBuilder();
        r.disagreeing().forEach(c -> sb.append(c.title()).append(" [").append(c.hairpinMode().flag()).append("]: ").append(c.disagreements()).append('\n'));
        return sb.toString();
    }

    @Test
    void everyFrontendFromEveryClientInIptablesMode() {
        ProxyInput in = Shop.input("iptables");
        AgreementReport r = run(new IptablesMode().generate(in), in, Frontends.of(in, Optional.empty()), 20, true);
        assertThat(r.agrees()).as(disagreements(r)).isTrue();
        assertThat(r.cells()).hasSize(17);
        // outside the source ranges the load-balancer IP drops; inside, the local endpoint answers (policy Cluster: both)
        CellReport outside = r.cells().stream().filter(c -> c.frontend().kind() == Frontend.Kind.LOAD_BALANCER_IP
                && c.client().kind() == Client.Kind.EXTERNAL).findFirst().orElseThrow();
        assertThat(outside.rows()).extracting(CategoryRow::label).containsExactly(Categories.DROP);
        CellReport inside = r.cells().stream().filter(c -> c.client().kind() == Client.Kind.EXTERNAL_ALLOWED).findFirst().orElseThrow();
        assertThat(inside.rows()).extracting(CategoryRow::label).containsExactly("default/shop-a", "default/shop-b");
        // ClientIP affinity: every connection of a cell goes where its first went
        r.cells().stream().filter(c -> c.frontend().servicePort().equals("default/sticky")).forEach(c ->
                assertThat(c.rows().stream().filter(row -> row.kernel() > 0)).hasSize(1));
        // the hairpin experiment: shop-a to its own ClusterIP and sticky IP, under three modes each
        assertThat(r.hairpin()).hasSize(6).extracting(CellReport::hairpinMode)
                .containsExactly(HairpinMode.HAIRPIN_VETH, HairpinMode.PROMISCUOUS_BRIDGE, HairpinMode.NONE,
                        HairpinMode.HAIRPIN_VETH, HairpinMode.PROMISCUOUS_BRIDGE, HairpinMode.NONE);
    }

    @Test
    void theUserspaceProxyChoosesAsTheSimulatedProxierConnectionByConnection() {
        ProxyInput base = Shop.input("userspace");
        ProxyInput in = new ProxyInput(base.cluster(), base.config().toBuilder().kubeProxyVersion(new KubeProxyVersion(1, 25)).build(),
                base.nodeName());
        List<Frontend> frontends = Frontends.of(in, Optional.of("default/shop")).stream()
                .filter(f -> f.kind() == Frontend.Kind.CLUSTER_IP).toList();
        AgreementReport r = run(new UserspaceMode().generate(in), in, frontends, 12, false);
        assertThat(r.agrees()).as(disagreements(r)).isTrue();
        assertThat(r.mode()).isEqualTo("userspace");
        for (CellReport c : r.cells()) {
            // round robin over two endpoints: the simulator's share of each pod is exactly the kernel's
            assertThat(c.rows()).allSatisfy(row -> assertThat(row.probability()).isEqualTo(row.kernelShare()));
            assertThat(c.rows()).extracting(CategoryRow::kernel).containsExactly(6L, 6L);
            // the pods see the node (source-IP loss)
            assertThat(c.rows()).allSatisfy(row -> assertThat(row.simulatedSources()).containsExactly(CellComparison.NODE));
            assertThat(c.kernel().proxyLog()).filteredOn(l -> l.startsWith("pick ")).hasSize(12);
        }
        assertThat(HostPort.parse("10.96.100.50:443")).isEqualTo(frontends.get(0).address());
        assertThat(frontends.get(0).protocol()).isEqualTo(Protocol.TCP);
    }
}
