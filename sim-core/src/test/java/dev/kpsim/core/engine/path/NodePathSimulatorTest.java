package dev.kpsim.core.engine.path;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodePathSimulatorTest {

    /** A stand-in netfilter: the self-endpoint and a remote one, half each, neither masqueraded. */
    static final class Fixed implements Simulator {
        final boolean hops;

        Fixed(boolean hops) {
            this.hops = hops;
        }

        @Override
        public Outcome trace(Packet packet, EntryPoint entry, SimulationState state) {
            return outcomes(packet, entry, state).get(state.random().nextInt(2));
        }

        @Override
        public List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state) {
            List<Step> h = hops ? ConnectionPathTest.WALK : List.of();
            return List.of(new Outcome(0.5, Verdict.ACCEPT, ConnectionPathTest.SELF, false, null, false, h),
                    new Outcome(0.5, Verdict.ACCEPT, ConnectionPathTest.REMOTE, false, null, false, h));
        }

        @Override
        public Simulator withoutHops() {
            return new Fixed(false);
        }
    }

    @Test
    void hairpinsAreJudgedOnlyUnderAChosenMode() {
        NodePathSimulator plain = NodePathSimulator.wrap(new Fixed(true), ConnectionPathTest.ENV);
        assertThat(plain.hairpinMode()).isEmpty();
        Packet self = ConnectionPathTest.from("10.244.1.7:40000");
        assertThat(plain.outcomes(self, EntryPoint.PREROUTING, new SimulationState(1)))
                .extracting(Outcome::verdict).containsExactly(Verdict.ACCEPT, Verdict.ACCEPT);
        NodePathSimulator sim = plain.withHairpinMode(HairpinMode.DEFAULT);
        // the un-masqueraded hairpin fails even with the flag; a local pod reaches the remote endpoint
        assertThat(sim.outcomes(self, EntryPoint.PREROUTING, new SimulationState(1)))
                .extracting(Outcome::verdict).containsExactly(Verdict.DROP, Verdict.ACCEPT);
        assertThat(sim.withHairpinMode(HairpinMode.NONE).hairpinMode()).contains(HairpinMode.NONE);
        assertThat(sim.inner()).isInstanceOf(Fixed.class);
        assertThat(sim.environment()).isSameAs(ConnectionPathTest.ENV);
    }

    @Test
    void outcomesThatNowEndAlikeAreMerged() {
        NodePathSimulator sim = NodePathSimulator.wrap(new Fixed(true), ConnectionPathTest.ENV);
        // from outside both fail, but at different translated destinations: two DROP outcomes
        List<Outcome> ext = sim.outcomes(ConnectionPathTest.from("203.0.113.10:1"), EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(ext).extracting(Outcome::verdict).containsExactly(Verdict.ACCEPT, Verdict.DROP);
        assertThat(ext.stream().mapToDouble(Outcome::probability).sum()).isEqualTo(1.0);
    }

    @Test
    void tracesAreJudgedTooAndHopsFollowTheInnerSimulator() {
        NodePathSimulator sim = NodePathSimulator.wrap(new Fixed(true), ConnectionPathTest.ENV).withHairpinMode(HairpinMode.HAIRPIN_VETH);
        SimulationState s = new SimulationState(3);
        for (int i = 0; i < 20; i++) {
            Outcome o = sim.trace(ConnectionPathTest.from("10.244.1.7:" + (40000 + i)), EntryPoint.PREROUTING, s);
            assertThat(o.verdict()).isEqualTo(o.destination().equals(ConnectionPathTest.SELF) ? Verdict.DROP : Verdict.ACCEPT);
        }
        Simulator quiet = sim.withoutHops();
        assertThat(((NodePathSimulator) quiet).hairpinMode()).contains(HairpinMode.HAIRPIN_VETH);
        assertThat(quiet.outcomes(ConnectionPathTest.from("10.244.1.7:1"), EntryPoint.PREROUTING, new SimulationState(1)))
                .allMatch(o -> o.hops().isEmpty());
        assertThat(HostPort.parse("10.244.1.7:9376")).isEqualTo(ConnectionPathTest.SELF);
    }
}
