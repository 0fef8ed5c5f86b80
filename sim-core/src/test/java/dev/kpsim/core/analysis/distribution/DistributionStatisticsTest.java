package dev.kpsim.core.analysis.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributionStatisticsTest {
    static final Packet P = Packet.of(Protocol.TCP, HostPort.parse("10.0.0.1:1"), HostPort.parse("10.0.1.175:80"));
    static final HostPort A = HostPort.parse("10.244.1.7:9376");
    static final HostPort B = HostPort.parse("10.244.2.3:9376");

    static Outcome accept(HostPort d, double p) {
        return new Outcome(p, Verdict.ACCEPT, d, false, null, false, List.of());
    }

    @Test
    void chiSquareAgainstExactProbabilities() {
        DistributionReport r = DistributionStatistics.compare(P, EntryPoint.PREROUTING, 1,
                List.of(accept(A, 0.5), accept(B, 0.5)),
                Map.of(new Category(Verdict.ACCEPT, A), 60L, new Category(Verdict.ACCEPT, B), 40L), 100);
        // (60-50)²/50 + (40-50)²/50 = 4, one degree of freedom: p = 0.0455
        assertThat(r.fit().statistic()).isCloseTo(4.0, within(1e-12));
        assertThat(r.fit().degreesOfFreedom()).isEqualTo(1);
        assertThat(r.fit().pValue()).isCloseTo(0.0455, within(1e-4));
        CategoryStat a = r.rows().get(0);
        assertThat(a.share()).isEqualTo(0.6);
        // Wilson score interval for 60/100 at 95%
        assertThat(a.lower95()).isCloseTo(0.5020, within(1e-4));
        assertThat(a.upper95()).isCloseTo(0.6906, within(1e-4));
        assertThat(a.exactWithinInterval()).isFalse();
    }

    @Test
    void dropsAndRejectsAreCategoriesAndUnpredictedObservationsFailTheFit() {
        Outcome drop = new Outcome(0.25, Verdict.DROP, null, false, null, false, List.of());
        DistributionReport r = DistributionStatistics.compare(P, EntryPoint.PREROUTING, 1, List.of(accept(A, 0.75), drop),
                Map.of(new Category(Verdict.ACCEPT, A), 70L, new Category(Verdict.DROP, null), 25L,
                        new Category(Verdict.REJECT, null), 5L), 100);
        assertThat(r.rows()).extracting(s -> s.category().label()).containsExactly("10.244.1.7:9376", "DROP", "REJECT");
        assertThat(r.rows().get(2).exactProbability()).isZero();
        assertThat(r.fit().statistic()).isInfinite();
        assertThat(r.fit().pValue()).isZero();
    }

    @Test
    void predictedButUnseenCategoriesAreRowsWithZeroCount() {
        DistributionReport r = DistributionStatistics.compare(P, EntryPoint.PREROUTING, 1,
                List.of(accept(A, 0.999), accept(B, 0.001)), Map.of(new Category(Verdict.ACCEPT, A), 10L), 10);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows().get(1).observed()).isZero();
        assertThat(r.rows().get(1).lower95()).isZero();
    }

    @Test
    void aSingleCategoryIsADegenerateFit() {
        DistributionReport r = DistributionStatistics.compare(P, EntryPoint.PREROUTING, 1, List.of(accept(A, 1.0)),
                Map.of(new Category(Verdict.ACCEPT, A), 10L), 10);
        assertThat(r.fit()).isEqualTo(new GoodnessOfFit(0.0, 0, 1.0));
    }

    @Test
    void categoriesSortEndpointsThenDropsThenRejects() {
        Category drop = new Category(Verdict.DROP, null);
        Category dropAfterDnat = new Category(Verdict.DROP, A);
        Category a = new Category(Verdict.ACCEPT, new HostPort(IpAddress.parse("10.244.1.10"), 80));
        Category b = new Category(Verdict.ACCEPT, new HostPort(IpAddress.parse("10.244.1.9"), 80));
        assertThat(new java.util.TreeSet<>(List.of(drop, dropAfterDnat, a, b))).containsExactly(b, a, dropAfterDnat, drop);
        assertThat(dropAfterDnat.label()).isEqualTo("DROP 10.244.1.7:9376");
    }
}
