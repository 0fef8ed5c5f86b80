package dev.kpsim.core.netfilter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.analysis.distribution.CategoryStat;
import dev.kpsim.core.analysis.distribution.DistributionReport;
import dev.kpsim.core.analysis.distribution.DistributionRun;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.render.DistributionJsonRenderer;
import dev.kpsim.core.trace.render.DistributionTextRenderer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kpsim simulate} on the hostnames example: 30000 new connections, seed 1. */
class DistributionRunTest {
    final NetfilterSimulator sim = NetfilterSimulator.of(Hostnames.ruleset(), Hostnames.env()).withHops(false);

    @Test
    void hostnamesSpreadsAThirdEachAndIsReproducible() {
        List<int[]> progress = new ArrayList<>();
        DistributionReport r = DistributionRun.simulate(sim, Nf.tcp("10.244.3.6", "10.0.1.175:80"), EntryPoint.PREROUTING,
                30_000, 1, (done, total) -> progress.add(new int[]{done, total}));
        assertThat(r.rows()).extracting(s -> s.category().label())
                .containsExactly("10.244.1.7:9376", "10.244.2.3:9376", "10.244.3.6:9376");
        long total = 0;
        for (CategoryStat s : r.rows()) {
            assertThat(s.exactProbability()).isCloseTo(1.0 / 3, within(1e-6));
            assertThat(s.share()).isCloseTo(1.0 / 3, within(0.015));
            assertThat(s.lower95()).isLessThan(s.share());
            assertThat(s.upper95()).isGreaterThan(s.share());
            total += s.observed();
        }
        assertThat(total).isEqualTo(30_000);
        assertThat(r.fit().degreesOfFreedom()).isEqualTo(2);
        assertThat(r.fit().pValue()).isBetween(0.0, 1.0);
        assertThat(r.uncertain()).isFalse();
        assertThat(progress.get(progress.size() - 1)).containsExactly(30_000, 30_000);
        assertThat(progress).hasSizeBetween(100, 101);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThan(progress.get(i - 1)[0]);
        }
        DistributionReport again = DistributionRun.simulate(sim, Nf.tcp("10.244.3.6", "10.0.1.175:80"), EntryPoint.PREROUTING,
                30_000, 1);
        assertThat(again).isEqualTo(r);
        assertThat(DistributionTextRenderer.render(again)).isEqualTo(DistributionTextRenderer.render(r));
        assertThat(DistributionJsonRenderer.render(again)).isEqualTo(DistributionJsonRenderer.render(r));
        assertThat(DistributionTextRenderer.render(r)).startsWith(
                "DISTRIBUTION: tcp 10.244.3.6 > 10.0.1.175:80, entering at PREROUTING, 30000 new connections, seed 1\n"
                        + "endpoint         exact       observed    share       95% interval\n10.244.1.7:9376  0.333333    ");
    }

    @Test
    void moreConnectionsThanEphemeralPortsStillAreNewConnections() {
        DistributionReport r = DistributionRun.simulate(sim, Nf.tcp("203.0.113.5", "10.0.1.175:80"), EntryPoint.PREROUTING,
                DistributionRun.PORTS + 500, 2);
        assertThat(r.rows()).allSatisfy(s -> assertThat(s.share()).isCloseTo(1.0 / 3, within(0.02)));
    }
}
