package dev.kpsim.core.netfilter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostnamesTest {
    private final NetfilterSimulator sim = NetfilterSimulator.of(Hostnames.ruleset(), Hostnames.env());

    @Test
    void podToItsOwnServiceHasThreeEqualOutcomesAndTheSelfOneIsMasqueraded() {
        Packet p = Nf.tcp("10.244.3.6", "10.0.1.175:80");
        assertThat(sim.defaultEntry(p)).isEqualTo(EntryPoint.PREROUTING);
        List<Outcome> out = sim.outcomes(p, EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).hasSize(3);
        assertThat(out).extracting(o -> o.destination().toString())
                .containsExactly("10.244.1.7:9376", "10.244.2.3:9376", "10.244.3.6:9376");
        for (Outcome o : out) {
            assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(o.probability()).isCloseTo(1.0 / 3, within(1e-6));
            assertThat(o.uncertain()).isFalse();
        }
        assertThat(out.get(0).masquerade()).isFalse();
        assertThat(out.get(1).masquerade()).isFalse();
        assertThat(out.get(2).masquerade()).isTrue();
        assertThat(out.get(2).newSource()).isEqualTo(IpAddress.parse("10.244.3.1"));
        assertThat(out.stream().mapToDouble(Outcome::probability).sum()).isCloseTo(1.0, within(1e-12));
    }
}
