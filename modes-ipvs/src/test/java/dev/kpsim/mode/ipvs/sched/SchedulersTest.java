package dev.kpsim.mode.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.ipvs.model.ServiceFlags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scheduler choice sequences worked out from the kernel sources ({@code net/netfilter/ipvs/ip_vs_*.c}). Hash values
 * (sh, dh, mh) were cross-checked with an independent C transcription of {@code hash_32} and 64-bit
 * {@code hsiphash}.
 */
class SchedulersTest {
    private static final ScheduleRequest ANY = req("10.244.9.9", 0);

    private static ScheduleRequest req(String src, int sport) {
        return new ScheduleRequest(IpAddress.parse(src), sport, IpAddress.parse("10.0.1.175"), 80);
    }

    /** Adds destinations so that the kernel list (head first) is {@code names} in the given order. */
    private static ServiceState service(Scheduler s, String[] names, int[] weights) {
        ServiceState st = new ServiceState(s);
        for (int i = names.length - 1; i >= 0; i--) {
            st.add(IpAddress.parse(names[i]), 9376, weights[i]);
        }
        return st;
    }

    private static List<String> picks(ServiceState st, int n, ScheduleRequest r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(st.schedule(r).map(d -> d.address().toString()).orElse("none"));
        }
        return out;
    }

    @Test
    void rrStartsAtTheHeadWhichIsTheLastAddedAndSkipsQuiescedDestinations() {
        ServiceState st = new ServiceState(new RoundRobin());
        st.add(IpAddress.parse("10.244.0.5"), 9376, 1);
        st.add(IpAddress.parse("10.244.0.6"), 9376, 1);
        st.add(IpAddress.parse("10.244.0.7"), 9376, 1);
        assertThat(picks(st, 4, ANY)).containsExactly("10.244.0.7", "10.244.0.6", "10.244.0.5", "10.244.0.7");
        st.setWeight(st.find(IpAddress.parse("10.244.0.5"), 9376).orElseThrow(), 0);
        assertThat(picks(st, 3, ANY)).containsExactly("10.244.0.6", "10.244.0.7", "10.244.0.6");
    }

    @Test
    void rrCursorMovesToThePredecessorWhenItsDestinationIsDeleted() {
        ServiceState st = service(new RoundRobin(), new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}, new int[] {1, 1, 1});
        assertThat(picks(st, 2, ANY)).containsExactly("10.0.0.1", "10.0.0.2");
        st.remove(st.find(IpAddress.parse("10.0.0.2"), 9376).orElseThrow());
        assertThat(picks(st, 2, ANY)).containsExactly("10.0.0.3", "10.0.0.1");
    }

    @Test
    void wrrWeights432InitialisedWithAllDestinations() {
        WeightedRoundRobin w = new WeightedRoundRobin();
        ServiceState st = new ServiceState(new Scheduler() {
            @Override
            public String name() {
                return "wrr";
            }

            @Override
            public java.util.Optional<Destination> schedule(List<Destination> d, ScheduleRequest r) {
                return w.schedule(d, r);
            }
        });
        st.add(IpAddress.parse("10.0.0.3"), 1, 2);
        st.add(IpAddress.parse("10.0.0.2"), 1, 3);
        st.add(IpAddress.parse("10.0.0.1"), 1, 4);
        w.init(st.destinations());
        // cw: 4 → A; 3 → A B; 2 → A B C; 1 → A B C; then again from cw = mw = 4.
        assertThat(picks(st, 18, ANY)).containsExactly(
                "10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.3",
                "10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.3");
    }

    @Test
    void wrrWeights432AddedOneByOneKeepsTheSmallCurrentWeight() {
        // Adds C(2): di=2, mw=1, cw 0 -> 1. Adds B(3): di=1, mw=3, cw stays 1. Adds A(4): mw=4, cw stays 1.
        ServiceState st = service(new WeightedRoundRobin(), new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}, new int[] {4, 3, 2});
        assertThat(((WeightedRoundRobin) st.scheduler()).currentWeight()).isEqualTo(1);
        assertThat(picks(st, 12, ANY)).containsExactly(
                "10.0.0.1", "10.0.0.2", "10.0.0.3",
                "10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.3");
    }

    @Test
    void wrrWithNoPositiveWeightHasNoDestination() {
        ServiceState st = service(new WeightedRoundRobin(), new String[] {"10.0.0.1"}, new int[] {0});
        assertThat(picks(st, 1, ANY)).containsExactly("none");
    }

    @Test
    void lcPicksLeastOverheadActiveTimes256PlusInactiveTiesToTheHead() {
        ServiceState st = service(new LeastConnection(), new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}, new int[] {1, 1, 1});
        List<Destination> d = st.destinations();
        st.setConnections(d.get(0), 1, 0);   // 256
        st.setConnections(d.get(1), 0, 255); // 255
        st.setConnections(d.get(2), 0, 300); // 300
        assertThat(picks(st, 1, ANY)).containsExactly("10.0.0.2");
        st.setConnections(d.get(1), 0, 256);
        assertThat(picks(st, 1, ANY)).containsExactly("10.0.0.1");
        st.setWeight(d.get(0), 0);
        assertThat(picks(st, 1, ANY)).containsExactly("10.0.0.2");
    }

    @Test
    void wlcComparesOverheadTimesWeightStrictly() {
        ServiceState st = service(WeightedLeastConnection.wlc(), new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"},
                new int[] {1, 2, 3});
        List<Destination> d = st.destinations();
        st.setConnections(d.get(0), 1, 0);  // 256/1
        st.setConnections(d.get(1), 2, 0);  // 512/2 = 256: tie keeps 10.0.0.1
        st.setConnections(d.get(2), 3, 1);  // 769/3 > 256
        assertThat(picks(st, 1, ANY)).containsExactly("10.0.0.1");
        st.setConnections(d.get(2), 2, 0);  // 512/3 < 256
        assertThat(picks(st, 1, ANY)).containsExactly("10.0.0.3");
    }

    @Test
    void sedIgnoresInactiveConnectionsAndNqTakesTheFirstIdleDestination() {
        ServiceState sed = service(WeightedLeastConnection.sed(), new String[] {"10.0.0.1", "10.0.0.2"}, new int[] {1, 1});
        sed.setConnections(sed.destinations().get(0), 0, 100);
        sed.setConnections(sed.destinations().get(1), 1, 0);
        assertThat(picks(sed, 1, ANY)).containsExactly("10.0.0.1");
        ServiceState nq = service(new NeverQueue(), new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}, new int[] {5, 1, 1});
        nq.setConnections(nq.destinations().get(0), 1, 0);
        nq.setConnections(nq.destinations().get(2), 0, 9);
        // 10.0.0.2 has no active connection: returned at once, before 10.0.0.3 is looked at
        assertThat(picks(nq, 1, ANY)).containsExactly("10.0.0.2");
        nq.setConnections(nq.destinations().get(2), 3, 0);
        nq.setConnections(nq.destinations().get(1), 1, 0);
        // (1+1)*1 vs (1+1)*5: 10.0.0.1 has overhead 2 with weight 5, best.
        assertThat(picks(nq, 1, ANY)).containsExactly("10.0.0.1");
    }

    @Test
    void shHashesTheSourceAddressIntoTheWeightedBucketTable() {
        assertThat(SourceHashing.hashKey(IpAddress.parse("10.244.1.10"), 0, 0)).isEqualTo(92);
        assertThat(SourceHashing.hashKey(IpAddress.parse("10.244.2.20"), 0, 0)).isEqualTo(246);
        assertThat(SourceHashing.hashKey(IpAddress.parse("192.168.0.7"), 0, 0)).isEqualTo(11);
        assertThat(SourceHashing.hashKey(IpAddress.parse("172.16.5.9"), 0, 0)).isEqualTo(115);
        ServiceState st = service(new SourceHashing(0), new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}, new int[] {1, 1, 1});
        // bucket i holds list element i % 3
        assertThat(picks(st, 1, req("10.244.1.10", 1))).containsExactly("10.0.0.3");
        assertThat(picks(st, 1, req("10.244.2.20", 1))).containsExactly("10.0.0.1");
        assertThat(picks(st, 1, req("172.16.5.9", 1))).containsExactly("10.0.0.2");
        // a quiesced destination keeps its buckets: its clients get no destination without sh-fallback
        st.setWeight(st.destinations().get(2), 0);
        assertThat(picks(st, 1, req("10.244.1.10", 1))).containsExactly("none");
        ServiceState fb = service(new SourceHashing(ServiceFlags.SCHED1), new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"},
                new int[] {1, 1, 0});
        assertThat(fb.schedule(req("10.244.2.20", 1))).isPresent();
    }

    @Test
    void shGivesEachDestinationWeightConsecutiveBuckets() {
        ServiceState st = service(new SourceHashing(0), new String[] {"10.0.0.1", "10.0.0.2"}, new int[] {2, 0});
        List<Destination> t = ((SourceHashing) st.scheduler()).table();
        assertThat(t.subList(0, 6)).extracting(d -> d.address().toString())
                .containsExactly("10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.1", "10.0.0.2");
    }

    @Test
    void dhSendsEveryClientOfAVipToOneDestination() {
        ServiceState st = service(new DestinationHashing(), new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}, new int[] {1, 1, 1});
        // hash_32(10.0.1.175, 8) = 102; 102 % 3 = 0
        assertThat(picks(st, 3, req("1.2.3.4", 5))).containsOnly("10.0.0.1");
    }

    private static Map<String, Integer> mhCounts(int n) {
        String[] names = new String[n];
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            names[i] = "10.244.0." + (n - i);
            w[i] = 1;
        }
        ServiceState st = service(new MaglevHashing(ServiceFlags.SCHED2), names, w);
        Map<String, Integer> counts = new HashMap<>();
        for (Destination d : ((MaglevHashing) st.scheduler()).table()) {
            counts.merge(d.address().toString(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void mhHashMatchesTheKernelsHsiphash() {
        assertThat(Integer.toUnsignedLong(KernelHash.hsiphash(0, MaglevHashing.HASH1, MaglevHashing.HASH1))).isEqualTo(492468162L);
    }

    @Test
    void mhTableForThreeBackends() {
        assertThat(mhCounts(3)).containsEntry("10.244.0.3", 1365).containsEntry("10.244.0.2", 1364)
                .containsEntry("10.244.0.1", 1364);
        ServiceState st = service(new MaglevHashing(ServiceFlags.SCHED2), new String[] {"10.244.0.3", "10.244.0.2", "10.244.0.1"},
                new int[] {1, 1, 1});
        assertThat(((MaglevHashing) st.scheduler()).table().subList(0, 16)).extracting(d -> d.address().toString())
                .containsExactly("10.244.0.3", "10.244.0.2", "10.244.0.2", "10.244.0.2", "10.244.0.3", "10.244.0.3",
                        "10.244.0.3", "10.244.0.1", "10.244.0.3", "10.244.0.2", "10.244.0.3", "10.244.0.2", "10.244.0.3",
                        "10.244.0.2", "10.244.0.2", "10.244.0.3");
        assertThat(picks(st, 1, req("10.244.1.10", 0))).containsExactly("10.244.0.2");
        assertThat(picks(st, 1, req("10.244.1.10", 40000))).containsExactly("10.244.0.1");
        assertThat(picks(st, 1, req("172.16.5.9", 40000))).containsExactly("10.244.0.1");
    }

    @Test
    void mhTableForSevenBackends() {
        assertThat(mhCounts(7)).containsEntry("10.244.0.7", 585).containsEntry("10.244.0.3", 585)
                .containsEntry("10.244.0.2", 584).containsEntry("10.244.0.1", 584);
        String[] names = {"10.244.0.7", "10.244.0.6", "10.244.0.5", "10.244.0.4", "10.244.0.3", "10.244.0.2", "10.244.0.1"};
        ServiceState st = service(new MaglevHashing(ServiceFlags.SCHED2), names, new int[] {1, 1, 1, 1, 1, 1, 1});
        assertThat(picks(st, 1, req("10.244.1.10", 0))).containsExactly("10.244.0.5");
        assertThat(picks(st, 1, req("10.244.2.20", 40000))).containsExactly("10.244.0.4");
        assertThat(picks(st, 1, req("192.168.0.7", 40000))).containsExactly("10.244.0.7");
        assertThat(picks(st, 1, req("172.16.5.9", 40000))).containsExactly("10.244.0.6");
    }
}
