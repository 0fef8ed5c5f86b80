package dev.kpsim.emulator.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.emulator.client.ConnectionOutcome;
import dev.kpsim.emulator.experiment.ConnectionRecord;
import dev.kpsim.emulator.experiment.Destination;
import dev.kpsim.emulator.experiment.EmulationResult;
import dev.kpsim.emulator.experiment.TrafficSource;
import dev.kpsim.emulator.fixtures.Shop;
import dev.kpsim.emulator.rules.CounterSnapshot;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.emulator.topology.TopologyPlan;
import dev.kpsim.emulator.topology.TopologyPlanner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Categories, the chi-square comparison, the seen-source check and the rule counters, on hand-made results. */
class ComparisonTest {

    private static final TopologyPlan PLAN = TopologyPlanner.plan(Shop.cluster(), Shop.NODE_A, "kpsim-1-abc-");
    private static final Categories CATS = new Categories(PLAN, Protocol.TCP);
    private static final HostPort A = new HostPort(Shop.SHOP_A, 8443);
    private static final HostPort B = new HostPort(Shop.SHOP_B, 8443);
    private static final Frontend VIP = Frontends.of(Shop.input("iptables"), Optional.of("default/shop")).get(0);
    private static final Client CLIENT = new Client(Client.Kind.EXTERNAL, new TrafficSource.FromExternal(), IpAddress.parse("203.0.113.11"), "external");
    private static final IpAddress NODE = Shop.NODE_A_IP;

    private static final String SEP_A = "-A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.1.20:8443";
    private static final String SEP_B = "-A KUBE-SEP-B -p tcp -m tcp -j DNAT --to-destination 10.244.2.20:8443";

    private static Outcome to(HostPort ep, String sep) {
        return new Outcome(0.5, Verdict.ACCEPT, ep, true, NODE, false, List.of(new Step.RuleStep("nat", "PREROUTING", 1, "", "jump", null),
                new Step.RuleStep("nat", sep, 1, "", "DNAT", null)));
    }

    private static ConnectionRecord answered(int i, String pod, IpAddress seen) {
        return new ConnectionRecord(i, 10000 + i, ConnectionOutcome.ANSWERED, dev.kpsim.emulator.experiment.Verdict.ACCEPT, pod,
                new HostPort(seen, 5000 + i), A, 1, "");
    }

    private static EmulationResult result(List<ConnectionRecord> records, CounterSnapshot counters) {
        return result(records, counters, 0);
    }

    private static EmulationResult result(List<ConnectionRecord> records, CounterSnapshot counters, long retransmits) {
        return new EmulationResult("node-a", "external", CLIENT.address(), new Destination(Shop.CLUSTER_IP, 443, Protocol.TCP),
                HairpinMode.HAIRPIN_VETH, IptablesBackend.NFT, 1, records, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), Map.of(), counters,
                retransmits, List.of(), List.of(), 0, 0);
    }

    private static CounterSnapshot counters(long prerouting, long a, long b, long forwardAll) {
        return CounterSnapshot.parse("*nat\n[" + prerouting + ":0] -A PREROUTING -j KUBE-SERVICES\n[" + a + ":0] " + SEP_A + "\n["
                + b + ":0] " + SEP_B + "\nCOMMIT\n*filter\n[" + forwardAll + ":0] -A FORWARD -j KUBE-FORWARD\nCOMMIT\n");
    }

    @Test
    void categoriesNameTheAnsweringPodOrWhatAnswersInstead() {
        assertThat(CATS.delivered(A)).isEqualTo("default/shop-a");
        assertThat(CATS.delivered(new HostPort(Shop.SHOP_A, 1))).isEqualTo(Categories.REJECT);
        assertThat(CATS.delivered(new HostPort(NODE, 30443))).isEqualTo(Categories.REJECT);
        assertThat(CATS.delivered(new HostPort(IpAddress.parse("10.244.1.1"), 80))).isEqualTo(Categories.REJECT);
        assertThat(CATS.delivered(new HostPort(IpAddress.parse("127.0.0.1"), 80))).isEqualTo(Categories.REJECT);
        assertThat(CATS.delivered(new HostPort(IpAddress.parse("10.0.9.9"), 80))).isEqualTo(Categories.DROP);
        assertThat(CATS.of(new Outcome(1, Verdict.REJECT, null, false, null, false, List.of()))).isEqualTo(Categories.REJECT);
        assertThat(CATS.of(answered(0, "default/shop-b", NODE))).isEqualTo("default/shop-b");
        assertThat(CATS.of(new ConnectionRecord(0, 1, ConnectionOutcome.TIMEOUT, dev.kpsim.emulator.experiment.Verdict.DROP, "", null, null, 900, "")))
                .isEqualTo(Categories.DROP);
        assertThat(Categories.isPod("default/x")).isTrue();
        assertThat(Categories.isPod(Categories.ERROR)).isFalse();
    }

    @Test
    void agreeingCountsAndRulesAgree() {
        List<ConnectionRecord> recs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            recs.add(answered(i, i < 4 ? "default/shop-a" : "default/shop-b", NODE));
        }
        List<String> observed = recs.stream().map(CATS::of).toList();
        CellReport r = CellComparison.compare(VIP, CLIENT, HairpinMode.HAIRPIN_VETH, false, result(recs, counters(10, 4, 6, 90)),
                observed, Collections.nCopies(10, List.of(to(A, "KUBE-SEP-A"), to(B, "KUBE-SEP-B"))), CATS::of, Set.of(NODE), List.of());
        assertThat(r.agrees()).isTrue();
        assertThat(r.rows()).extracting(CategoryRow::label).containsExactly("default/shop-a", "default/shop-b");
        assertThat(r.rows().get(0).kernel()).isEqualTo(4);
        assertThat(r.rows().get(0).probability()).isEqualTo(0.5);
        assertThat(r.rows().get(0).kernelSources()).containsExactly(NODE.toString());
        assertThat(r.degreesOfFreedom()).isEqualTo(1);
        assertThat(r.pValue()).isBetween(0.5, 0.6);
        // every nat rule is compared; the filter rule counts the connections' later packets too
        assertThat(r.rules()).extracting(RuleRow::compared).containsExactly(true, true, true, false);
        assertThat(r.rules().get(1).simulatorHits()).isEqualTo(4.0);
        assertThat(r.title()).isEqualTo("default/shop:https cluster IP 10.96.100.50:443/TCP from external");
    }

    @Test
    void anImpossibleEndADistributionOffTargetAWrongSourceAndAWrongCounterDisagree() {
        List<ConnectionRecord> recs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            recs.add(answered(i, "default/shop-a", i == 0 ? CLIENT.address() : NODE));
        }
        recs.add(new ConnectionRecord(40, 10040, ConnectionOutcome.REFUSED, dev.kpsim.emulator.experiment.Verdict.REJECT, "", null, null, 1, ""));
        List<String> observed = recs.stream().map(CATS::of).toList();
        CellReport r = CellComparison.compare(VIP, CLIENT, HairpinMode.HAIRPIN_VETH, false, result(recs, counters(41, 41, 0, 0)),
                observed, Collections.nCopies(41, List.of(to(A, "KUBE-SEP-A"), to(B, "KUBE-SEP-B"))), CATS::of, Set.of(NODE), List.of());
        assertThat(r.agrees()).isFalse();
        assertThat(r.pValue()).isZero();
        assertThat(r.disagreements()).contains("1 connection: default/shop-a saw 203.0.113.11 where the simulator gives 10.240.0.21",
                "the kernel ended 1 connection at REJECT, which the simulator gives probability 0");
        // a connection the simulator has no path for: the counters cannot be attributed and are not compared
        assertThat(r.rules()).noneMatch(RuleRow::compared);

        List<ConnectionRecord> skewed = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            skewed.add(answered(i, i < 50 ? "default/shop-a" : "default/shop-b", NODE));
        }
        CellReport s = CellComparison.compare(VIP, CLIENT, HairpinMode.HAIRPIN_VETH, false, result(skewed, counters(60, 50, 9, 0)),
                skewed.stream().map(CATS::of).toList(), Collections.nCopies(60, List.of(to(A, "KUBE-SEP-A"), to(B, "KUBE-SEP-B"))),
                CATS::of, Set.of(NODE), List.of());
        assertThat(s.pValue()).isLessThan(CellReport.P_THRESHOLD);
        assertThat(s.disagreements()).anyMatch(d -> d.startsWith("the kernel's spread differs from the simulator's: chi-square 26.67"))
                .contains("nat KUBE-SEP-B rule 1 (" + SEP_B + "): the kernel counted 9 packets, the simulator 10");
    }

    @Test
    void ambiguousPathsAreComparedWithinTheirUncertainty() {
        // both endpoints end in DROP (a reply that bypasses the node): which DNAT rule a dropped connection took is not
        // observable, so the simulator expects half of the drops on each
        Outcome da = new Outcome(0.5, Verdict.DROP, A, false, null, false, to(A, "KUBE-SEP-A").hops());
        Outcome db = new Outcome(0.5, Verdict.DROP, B, false, null, false, to(B, "KUBE-SEP-B").hops());
        List<ConnectionRecord> recs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            recs.add(new ConnectionRecord(i, 10000 + i, ConnectionOutcome.TIMEOUT, dev.kpsim.emulator.experiment.Verdict.DROP, "", null, null, 900, ""));
        }
        List<String> observed = recs.stream().map(CATS::of).toList();
        CellReport fine = CellComparison.compare(VIP, CLIENT, HairpinMode.HAIRPIN_VETH, false, result(recs, counters(16, 10, 6, 0)),
                observed, Collections.nCopies(16, List.of(da, db)), CATS::of, Set.of(NODE), List.of());
        assertThat(fine.agrees()).isTrue();
        assertThat(fine.rules().get(1).simulatorHits()).isEqualTo(8.0);
        CellReport off = CellComparison.compare(VIP, CLIENT, HairpinMode.HAIRPIN_VETH, false, result(recs, counters(16, 16, 0, 0)),
                observed, Collections.nCopies(16, List.of(da, db)), CATS::of, Set.of(NODE), List.of());
        // 16 of 16 on one side is 4 standard deviations (sqrt(16 / 4) = 2) away from 8: beyond what chance explains
        assertThat(off.agrees()).isFalse();
        // a late client's retransmitted SYNs are new connections the kernel counts, at most one more each
        CellReport late = CellComparison.compare(VIP, CLIENT, HairpinMode.HAIRPIN_VETH, false, result(recs, counters(18, 10, 8, 0), 2),
                observed, Collections.nCopies(16, List.of(da, db)), CATS::of, Set.of(NODE), List.of());
        assertThat(late.agrees()).isTrue();
        assertThat(late.notes()).containsExactly("2 SYN retransmissions left the client after its timeout (it closed late): each is a "
                + "new connection the kernel's counters include and the simulator does not follow");
        CellReport tooMany = CellComparison.compare(VIP, CLIENT, HairpinMode.HAIRPIN_VETH, false, result(recs, counters(19, 10, 9, 0), 2),
                observed, Collections.nCopies(16, List.of(da, db)), CATS::of, Set.of(NODE), List.of());
        assertThat(tooMany.disagreements()).anyMatch(d -> d.startsWith("nat PREROUTING rule 1"));
    }

    @Test
    void rulesOnlyFirstPacketsReach() {
        CounterSnapshot c = CounterSnapshot.parse("*filter\n"
                + "-A FORWARD -m conntrack --ctstate NEW -j KUBE-SERVICES\n"
                + "-A FORWARD -j KUBE-FORWARD\n"
                + "-A FORWARD -m conntrack ! --ctstate NEW -j ACCEPT\n"
                + "-A KUBE-SERVICES -d 10.0.0.1/32 -j REJECT\n"
                + "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n"
                + "COMMIT\n*nat\n-A KUBE-POSTROUTING -j MASQUERADE\nCOMMIT\n");
        Set<String> first = RuleComparison.firstPacketOnly(c);
        assertThat(first).hasSize(3).contains("filter\u0000FORWARD\u00001", "filter\u0000KUBE-SERVICES\u00001",
                "nat\u0000KUBE-POSTROUTING\u00001");
        assertThat(RuleComparison.hits(2.0)).isEqualTo("2");
        assertThat(RuleComparison.hits(2.5)).isEqualTo("2.50");
    }
}
