package dev.kpsim.core.netfilter.engine;

import static dev.kpsim.core.netfilter.engine.Nf.DROP;
import static dev.kpsim.core.netfilter.engine.Nf.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.netfilter.match.RecentMatch;
import dev.kpsim.core.netfilter.match.RecentMatch.Mode;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Verdict;
import org.junit.jupiter.api.Test;

/** {@code xt_recent} modes and options, each rule run through the engine on one shared state. */
class RecentMatchTest {
    final SimulationState state = new SimulationState(1);

    static RecentMatch recent(Mode mode, Integer seconds, Integer hitcount, String mask, boolean source, boolean negated) {
        return new RecentMatch(mode, "L", seconds, false, hitcount, false, mask, source, negated);
    }

    /** Runs {@code packet} through FORWARD with the single rule {@code m -j DROP}; true if it dropped. */
    boolean hit(RecentMatch m, Packet packet) {
        NetfilterSimulator sim = NetfilterSimulator.of(Nf.v4().builtin("filter", "FORWARD", "ACCEPT", rule(DROP, m)).build(),
                Hostnames.env());
        return sim.trace(packet, EntryPoint.PREROUTING, state).verdict() == Verdict.DROP;
    }

    static Packet p(String src, String dst) {
        return Nf.udp(src + ":5000", dst + ":53");
    }

    @Test
    void setAlwaysMatchesAndRcheckFindsTheAddress() {
        assertThat(hit(recent(Mode.RCHECK, null, null, null, true, false), p("203.0.113.5", "10.244.1.7"))).isFalse();
        assertThat(hit(recent(Mode.SET, null, null, null, true, false), p("203.0.113.5", "10.244.1.7"))).isTrue();
        assertThat(hit(recent(Mode.RCHECK, null, null, null, true, false), p("203.0.113.5", "10.244.1.8"))).isTrue();
        assertThat(hit(recent(Mode.RCHECK, null, null, null, true, false), p("203.0.113.6", "10.244.1.7"))).isFalse();
        assertThat(hit(recent(Mode.RCHECK, null, null, null, true, true), p("203.0.113.6", "10.244.1.7"))).isTrue();
    }

    @Test
    void rdestKeysTheListByDestination() {
        assertThat(hit(recent(Mode.SET, null, null, null, false, false), p("203.0.113.5", "10.244.1.7"))).isTrue();
        assertThat(hit(recent(Mode.RCHECK, null, null, null, false, false), p("203.0.113.9", "10.244.1.7"))).isTrue();
        assertThat(hit(recent(Mode.RCHECK, null, null, null, true, false), p("10.244.1.7", "203.0.113.9"))).isTrue();
        assertThat(hit(recent(Mode.RCHECK, null, null, null, true, false), p("203.0.113.5", "10.244.1.7"))).isFalse();
    }

    @Test
    void maskGroupsAddresses() {
        assertThat(hit(recent(Mode.SET, null, null, "255.255.255.0", true, false), p("203.0.113.5", "10.244.1.7"))).isTrue();
        assertThat(hit(recent(Mode.RCHECK, null, null, "255.255.255.0", true, false), p("203.0.113.77", "10.244.1.7"))).isTrue();
        assertThat(hit(recent(Mode.RCHECK, null, null, "255.255.255.0", true, false), p("203.0.114.5", "10.244.1.7"))).isFalse();
    }

    @Test
    void secondsAndHitcount() {
        Packet a = p("203.0.113.5", "10.244.1.7");
        hit(recent(Mode.SET, null, null, null, true, false), a);
        assertThat(hit(recent(Mode.RCHECK, 10, 2, null, true, false), a)).as("one stamp, two hits needed").isFalse();
        state.advanceMillis(4_000);
        hit(recent(Mode.SET, null, null, null, true, false), a);
        assertThat(hit(recent(Mode.RCHECK, 10, 2, null, true, false), a)).isTrue();
        state.advanceMillis(7_000);
        assertThat(hit(recent(Mode.RCHECK, 10, 2, null, true, false), a)).as("the first stamp is 11 s old").isFalse();
        assertThat(hit(recent(Mode.RCHECK, 10, null, null, true, false), a)).isTrue();
    }

    @Test
    void updateRefreshesOnlyWhenItMatchesAndRemoveForgets() {
        Packet a = p("203.0.113.5", "10.244.1.7");
        hit(recent(Mode.SET, null, null, null, true, false), a);
        state.advanceMillis(8_000);
        assertThat(hit(recent(Mode.UPDATE, 10, null, null, true, false), a)).isTrue();
        state.advanceMillis(7_000);
        assertThat(hit(recent(Mode.RCHECK, 10, null, null, true, false), a)).as("refreshed at 8 s").isTrue();
        state.advanceMillis(20_000);
        assertThat(hit(recent(Mode.UPDATE, 10, null, null, true, false), a)).isFalse();
        assertThat(hit(recent(Mode.RCHECK, 26, null, null, true, false), a)).as("a failed update adds no stamp (last is at 8 s)").isFalse();
        assertThat(hit(recent(Mode.REMOVE, null, null, null, true, false), a)).isTrue();
        assertThat(hit(recent(Mode.RCHECK, null, null, null, true, false), a)).isFalse();
        assertThat(hit(recent(Mode.REMOVE, null, null, null, true, false), a)).as("nothing to remove").isFalse();
    }
}
