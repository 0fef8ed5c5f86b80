package dev.kpsim.core.netfilter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.render.TraceJsonRenderer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    final NetfilterSimulator sim = NetfilterSimulator.of(Hostnames.ruleset(true), Hostnames.env());

    List<Outcome> run(long seed) {
        SimulationState s = new SimulationState(seed);
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(sim.trace(Nf.tcp("10.244." + (i % 7) + ".9:" + (30000 + i), "10.0.1.175:80"), EntryPoint.PREROUTING, s));
            s.advanceMillis(1000);
        }
        return out;
    }

    @Test
    void sameSeedSameTraces() {
        assertThat(run(42)).isEqualTo(run(42));
        assertThat(run(42).stream().map(Outcome::destination).toList())
                .isNotEqualTo(run(43).stream().map(Outcome::destination).toList());
    }

    @Test
    void sameSeedSameJsonBytes() {
        String a = TraceJsonRenderer.render(sim.traceResult(Nf.tcp("10.244.3.6", "10.0.1.175:80"), EntryPoint.PREROUTING,
                new SimulationState(9)));
        String b = TraceJsonRenderer.render(sim.traceResult(Nf.tcp("10.244.3.6", "10.0.1.175:80"), EntryPoint.PREROUTING,
                new SimulationState(9)));
        assertThat(a).isEqualTo(b);
    }
}
