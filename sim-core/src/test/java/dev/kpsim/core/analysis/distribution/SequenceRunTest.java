package dev.kpsim.core.analysis.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.core.trace.render.DistributionJsonRenderer;
import dev.kpsim.core.trace.render.DistributionTextRenderer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Distribution runs over data planes whose next choice is certain given the state (round robin), and the workload's
 * time model (gaps between connections, planned lifetimes).
 */
class SequenceRunTest {
    static final Packet P = Packet.of(Protocol.TCP, HostPort.parse("10.244.0.5:1"), HostPort.parse("10.0.1.175:80"));
    static final List<HostPort> EPS = List.of(HostPort.parse("10.244.0.7:9376"), HostPort.parse("10.244.0.6:9376"),
            HostPort.parse("10.244.0.5:9376"));

    /** Round robin over {@link #EPS}, its position kept in the run's state; every call noted. */
    static final class RoundRobin implements Simulator {
        static final class Position {
            int next;
        }

        final List<String> calls = new ArrayList<>();

        @Override
        public Outcome trace(Packet packet, EntryPoint entry, SimulationState state) {
            Position p = state.part(Position.class, Position::new);
            calls.add(state.nowMillis() + "/" + ConnectionLifetime.planned(state));
            return accept(EPS.get(p.next++ % EPS.size()), 1.0);
        }

        @Override
        public List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state) {
            return List.of(accept(EPS.get(state.part(Position.class, Position::new).next % EPS.size()), 1.0));
        }
    }

    static Outcome accept(HostPort d, double p) {
        return new Outcome(p, Verdict.ACCEPT, d, false, null, false, List.of());
    }

    @Test
    void roundRobinSharesAreTheSequencesOwn() {
        DistributionReport r = DistributionRun.simulate(new RoundRobin(), P, EntryPoint.PREROUTING, 3000, 1);
        assertThat(r.exactBasis()).isEqualTo(ExactBasis.SEQUENCE);
        assertThat(r.rows()).extracting(s -> s.category().label())
                .containsExactly("10.244.0.5:9376", "10.244.0.6:9376", "10.244.0.7:9376");
        assertThat(r.rows()).allSatisfy(s -> {
            assertThat(s.exactProbability()).isEqualTo(1.0 / 3);
            assertThat(s.observed()).isEqualTo(1000);
        });
        assertThat(r.fit().statistic()).isZero();
        assertThat(r.fit().pValue()).isEqualTo(1.0);
        assertThat(DistributionTextRenderer.render(r)).endsWith(DistributionTextRenderer.SEQUENCE_NOTE + "\n");
        assertThat(DistributionJsonRenderer.render(r)).contains("\"exactBasis\": \"sequence\"");

        DistributionReport four = DistributionRun.simulate(new RoundRobin(), P, EntryPoint.PREROUTING, 4, 1);
        assertThat(four.rows()).extracting(CategoryStat::exactProbability).containsExactly(0.25, 0.25, 0.5);
    }

    @Test
    void aDataPlaneThatAlwaysChoosesTheSameKeepsTheFirstConnectionBasis() {
        Simulator one = new Simulator() {
            @Override
            public Outcome trace(Packet packet, EntryPoint entry, SimulationState state) {
                return accept(EPS.get(0), 1.0);
            }

            @Override
            public List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state) {
                return List.of(accept(EPS.get(0), 1.0));
            }
        };
        DistributionReport r = DistributionRun.simulate(one, P, EntryPoint.PREROUTING, 50, 1);
        assertThat(r.exactBasis()).isEqualTo(ExactBasis.FIRST_CONNECTION);
        assertThat(r.rows()).extracting(CategoryStat::exactProbability).containsExactly(1.0);
        assertThat(DistributionJsonRenderer.render(r)).doesNotContain("exactBasis");
        assertThat(DistributionTextRenderer.render(r)).doesNotContain("note:");
    }

    @Test
    void theClockAdvancesByTheIntervalAndEachConnectionHasItsPlannedLifetime() {
        RoundRobin rr = new RoundRobin();
        DistributionRun.simulate(rr, P, EntryPoint.PREROUTING, 4, 7,
                new ConnectionTiming(TimeDistribution.parse("fixed:100ms", "--i"), TimeDistribution.parse("10s", "--d")),
                DistributionRun.Progress.NONE);
        assertThat(rr.calls).containsExactly("0/10000", "100/10000", "200/10000", "300/10000");

        RoundRobin instant = new RoundRobin();
        DistributionRun.simulate(instant, P, EntryPoint.PREROUTING, 3, 7);
        assertThat(instant.calls).containsExactly("0/-1", "0/-1", "0/-1");
    }

    @Test
    void exponentialTimesAreSeededAndHaveTheirMean() {
        RoundRobin a = new RoundRobin();
        RoundRobin b = new RoundRobin();
        ConnectionTiming t = new ConnectionTiming(TimeDistribution.parse("exp:1s", "--i"), TimeDistribution.parse("exp:30s", "--d"));
        DistributionRun.simulate(a, P, EntryPoint.PREROUTING, 4000, 3, t, DistributionRun.Progress.NONE);
        DistributionRun.simulate(b, P, EntryPoint.PREROUTING, 4000, 3, t, DistributionRun.Progress.NONE);
        assertThat(a.calls).isEqualTo(b.calls);
        String last = a.calls.get(a.calls.size() - 1);
        long end = Long.parseLong(last.substring(0, last.indexOf('/')));
        assertThat(end / 3999.0).isCloseTo(1000, within(60.0));
        double meanLife = a.calls.stream().mapToLong(c -> Long.parseLong(c.substring(c.indexOf('/') + 1))).average().orElseThrow();
        assertThat(meanLife).isCloseTo(30_000, within(1_500.0));
    }

    @Test
    void durationsParseAndPrint() {
        assertThat(TimeDistribution.parse("fixed:10s", "x")).isEqualTo(new TimeDistribution(false, 10_000));
        assertThat(TimeDistribution.parse("exp:1.5s", "x")).isEqualTo(new TimeDistribution(true, 1_500));
        assertThat(TimeDistribution.parse("250ms", "x")).isEqualTo(new TimeDistribution(false, 250));
        assertThat(TimeDistribution.parse("fixed:2m", "x").meanMillis()).isEqualTo(120_000);
        assertThat(TimeDistribution.parse("exp:3h", "x").meanMillis()).isEqualTo(10_800_000);
        assertThat(TimeDistribution.parse("exp:1.5s", "x")).hasToString("exp:1.5s");
        assertThat(TimeDistribution.parse("250ms", "x")).hasToString("fixed:250ms");
        assertThat(TimeDistribution.parse("fixed:2m", "x")).hasToString("fixed:120s");
        for (String bad : List.of("10", "fixed:", "exp:-1s", "uniform:1s", "1d", "fixed:x s")) {
            assertThatThrownBy(() -> TimeDistribution.parse(bad, "--connection-duration"))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("--connection-duration '" + bad + "'");
        }
        assertThat(TimeDistribution.ZERO.sample(new java.util.SplittableRandom(1))).isZero();
    }

    @Test
    void aLifetimeIsPlannedPerConnectionAndCanBeCleared() {
        SimulationState s = new SimulationState(1);
        assertThat(ConnectionLifetime.planned(s)).isEqualTo(-1);
        ConnectionLifetime.plan(s, 5);
        assertThat(ConnectionLifetime.planned(s)).isEqualTo(5);
        ConnectionLifetime.clear(s);
        assertThat(ConnectionLifetime.planned(s)).isEqualTo(-1);
        assertThatThrownBy(() -> ConnectionLifetime.plan(s, -2)).isInstanceOf(IllegalArgumentException.class);
    }
}
