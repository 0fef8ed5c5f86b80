package dev.kpsim.mode.nftables;

import static dev.kpsim.mode.nftables.TestClusters.ep;
import static dev.kpsim.mode.nftables.TestClusters.epPort;
import static dev.kpsim.mode.nftables.TestClusters.port;
import static dev.kpsim.mode.nftables.TestClusters.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import dev.kpsim.mode.nftables.text.InputPrinter;
import dev.kpsim.mode.nftables.text.ListPrinter;
import dev.kpsim.mode.nftables.text.NftParser;
import dev.kpsim.mode.nftables.text.ParseResult;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Over random ClusterIP services: renders parse back unchanged, and every endpoint gets exactly 1/N. */
class GenerationProperties {

    record Spec(List<Integer> endpointsPerService, boolean affinity, String version) {
    }

    @Provide
    Arbitrary<Spec> specs() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 6).list().ofMinSize(1).ofMaxSize(5),
                Arbitraries.of(true, false), Arbitraries.of("1.33", "1.35", "1.36")).as(Spec::new);
    }

    private static Cluster cluster(Spec s) {
        TestClusters t = new TestClusters().node("node-1", List.of("192.168.1.11"), List.of("10.244.1.0/24"));
        for (int i = 0; i < s.endpointsPerService().size(); i++) {
            var b = svc("ns" + i, "svc" + i, "10.0.9." + (i + 1)).port(port("p" + i, Protocol.TCP, 80 + i, 0));
            if (s.affinity()) {
                b.sessionAffinity(SessionAffinity.ClientIP, 600);
            }
            t.service(b.build());
            List<SliceEndpoint> eps = new ArrayList<>();
            for (int k = 0; k < s.endpointsPerService().get(i); k++) {
                eps.add(ep("10.244." + (1 + k % 3) + "." + (10 + k), "node-" + (1 + k % 3)));
            }
            if (!eps.isEmpty()) {
                t.slice("ns" + i, "svc" + i, List.of(epPort("p" + i, Protocol.TCP, 8000 + i)), eps);
            }
        }
        return t.build();
    }

    @Property(tries = 60)
    void rendersParseBackAndEndpointsShareEqually(@ForAll("specs") Spec s) {
        Cluster c = cluster(s);
        NftablesDataPlane dp = NftablesMode.generate(new ProxyInput(c,
                Hostnames.config(KubeProxyVersion.parse(s.version()).orElseThrow()), "node-1"),
                NftGeneratorOptions.defaults());
        String input = dp.render("nft-f");
        ParseResult fromInput = NftParser.parse(input, "gen.nft");
        assertThat(fromInput.diagnostics()).isEmpty();
        assertThat(InputPrinter.ruleset(fromInput.ruleset())).isEqualTo(input);
        String list = dp.render("nft");
        assertThat(ListPrinter.ruleset(fromInput.ruleset())).isEqualTo(list);
        assertThat(ListPrinter.ruleset(NftParser.parse(list, "gen.list").ruleset())).isEqualTo(list);

        var sim = dp.simulator(NodeEnvironment.of(c, "node-1")).orElseThrow();
        for (int i = 0; i < s.endpointsPerService().size(); i++) {
            int n = s.endpointsPerService().get(i);
            Packet p = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.200:40000"),
                    HostPort.parse("10.0.9." + (i + 1) + ":" + (80 + i)));
            List<Outcome> out = sim.outcomes(p, EntryPoint.PREROUTING, new SimulationState(1));
            assertThat(out.stream().mapToDouble(Outcome::probability).sum()).isCloseTo(1.0, within(1e-9));
            if (n == 0) {
                assertThat(out).singleElement().extracting(Outcome::verdict)
                        .isEqualTo(dev.kpsim.core.trace.Verdict.REJECT);
            } else {
                assertThat(out).hasSize(n).allSatisfy(o -> assertThat(o.probability()).isCloseTo(1.0 / n, within(1e-9)));
            }
        }
    }
}
