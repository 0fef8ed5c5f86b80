package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.jump;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * kube-proxy's load-balancing cascade: rule i of n gets {@code --probability} {@code %0.10f} of 1/(n-i), the last
 * none. With the kernel's rounding to {@code lround(p·2^31)}, every endpoint must still get 1/n.
 */
class CascadeProperties {

    static String probability(int k) {
        return new BigDecimal(1.0 / k).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
    }

    static Ruleset cascade(int n) {
        Nf.Builder b = Nf.v4();
        b.builtin("nat", "PREROUTING", "ACCEPT", rule(jump("KUBE-SVC-X"), Nf.dst("10.0.0.1/32"), Nf.proto("tcp"), Nf.tcp(80)));
        List<Rule> svc = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sep = "KUBE-SEP-" + i;
            svc.add(i < n - 1 ? rule(jump(sep), Nf.prob(probability(n - i))) : rule(jump(sep)));
            b.chain("nat", sep, rule(Nf.dnat("10.1." + (i / 250) + "." + (i % 250 + 1) + ":8080"), Nf.proto("tcp")));
        }
        b.chain("nat", "KUBE-SVC-X", svc.toArray(new Rule[0]));
        return b.build();
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyEndpointGetsOneNth(@ForAll @IntRange(min = 1, max = 300) int n) {
        NetfilterSimulator sim = NetfilterSimulator.of(cascade(n), Hostnames.env()).withHops(false);
        List<Outcome> out = sim.outcomes(Nf.tcp("203.0.113.5:1234", "10.0.0.1:80"), EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(out).hasSize(n);
        assertThat(new HashSet<>(out.stream().map(Outcome::destination).toList())).hasSize(n);
        double sum = 0;
        for (Outcome o : out) {
            assertThat(o.probability()).isCloseTo(1.0 / n, within(1e-6));
            sum += o.probability();
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
    }
}
