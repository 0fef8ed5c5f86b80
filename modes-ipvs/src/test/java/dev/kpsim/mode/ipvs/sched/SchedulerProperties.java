package dev.kpsim.mode.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the round-robin schedulers over arbitrary destination sets. */
class SchedulerProperties {
    private static final ScheduleRequest ANY = new ScheduleRequest(IpAddress.parse("10.1.1.1"), 1000,
            IpAddress.parse("10.0.0.1"), 80);

    @Property(tries = 200)
    void rrIsFairOverWholeRounds(@ForAll @IntRange(min = 1, max = 20) int n, @ForAll @IntRange(min = 1, max = 5) int rounds) {
        ServiceState st = new ServiceState(new RoundRobin());
        for (int i = 0; i < n; i++) {
            st.add(IpAddress.v4(10, 0, 0, i + 1), 80, 1);
        }
        Map<Destination, Integer> counts = new HashMap<>();
        for (int i = 0; i < n * rounds; i++) {
            counts.merge(st.schedule(ANY).orElseThrow(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(n);
        assertThat(counts.values()).containsOnly(rounds);
    }

    @Property(tries = 200)
    void wrrIsProportionalToWeightsOverOneCycle(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 12) Integer> weights) {
        ServiceState st = new ServiceState(new WeightedRoundRobin());
        for (int i = 0; i < weights.size(); i++) {
            st.add(IpAddress.v4(10, 0, 0, i + 1), 80, weights.get(i));
        }
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            assertThat(st.schedule(ANY)).isEmpty();
            return;
        }
        // run one cycle to leave the add-time state, then count a full cycle
        for (int i = 0; i < 3 * total; i++) {
            st.schedule(ANY);
        }
        Map<Integer, Integer> counts = new HashMap<>();
        List<Destination> d = st.destinations();
        int cycles = 4;
        for (int i = 0; i < cycles * total / gcdAll(weights); i++) {
            counts.merge(d.indexOf(st.schedule(ANY).orElseThrow()), 1, Integer::sum);
        }
        for (int i = 0; i < d.size(); i++) {
            int expected = cycles * d.get(i).weight() / gcdAll(weights);
            assertThat(counts.getOrDefault(i, 0)).as("picks of weight %d", d.get(i).weight()).isEqualTo(expected);
        }
    }

    private static int gcdAll(List<Integer> ws) {
        int g = 0;
        for (int w : ws) {
            if (w > 0) {
                g = g == 0 ? w : KernelHash.gcd(g, w);
            }
        }
        return g;
    }
}
