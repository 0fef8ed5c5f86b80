package dev.kpsim.mode.userspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.proxier.AffinityType;
import dev.kpsim.mode.userspace.proxier.LoadBalancerRR;
import dev.kpsim.mode.userspace.proxier.Rng;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LoadBalancerRRTest {

    private static final KubeProxyVersion V125 = new KubeProxyVersion(1, 25);
    private static final ServicePortName SPN = Fixtures.HOSTNAMES;
    private static final IpAddress CLIENT_A = IpAddress.parse("10.244.1.9");
    private static final IpAddress CLIENT_B = IpAddress.parse("10.244.2.4");
    private static final List<HostPort> EPS = List.of(hp("10.244.0.5:9376"), hp("10.244.0.6:9376"), hp("10.244.0.7:9376"));

    private static HostPort hp(String s) {
        return HostPort.parse(s);
    }

    private static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** A service port created first (as when Services are merged before endpoints), then given endpoints. */
    private static LoadBalancerRR balancer(AffinityType type, int ttl, long seed) {
        LoadBalancerRR lb = LoadBalancerRR.empty(V125, Rng.seeded(seed, 2)).newService(SPN, type, ttl);
        return lb.onEndpointsAdd(SPN, EPS).next();
    }

    @Test
    void settingEndpointsLogsTheListAndShufflesItDeterministically() {
        LoadBalancerRR.Step step = LoadBalancerRR.empty(V125, Rng.seeded(5, 2)).onEndpointsAdd(SPN, EPS);
        assertThat(step.log()).extracting(Object::toString).containsExactly(
                "I [v1] LoadBalancerRR: Setting endpoints for default/hostnames:default to [10.244.0.5:9376 10.244.0.6:9376 10.244.0.7:9376]");
        List<HostPort> order = step.next().state(SPN).endpoints();
        assertThat(order).containsExactlyInAnyOrderElementsOf(EPS);
        assertThat(LoadBalancerRR.empty(V125, Rng.seeded(5, 2)).onEndpointsAdd(SPN, EPS).next().state(SPN).endpoints())
                .isEqualTo(order);
        assertThat(step.next().state(SPN).index()).isZero();
        assertThat(step.next().state(SPN).affinity().type()).isEqualTo(AffinityType.UNSET);
    }

    @Test
    void roundRobinServesTheShuffledOrderCyclically() {
        LoadBalancerRR lb = balancer(AffinityType.NONE, 0, 1);
        List<HostPort> order = lb.state(SPN).endpoints();
        List<HostPort> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            LoadBalancerRR.Pick p = lb.nextEndpoint(SPN, CLIENT_A, false, s(i));
            picks.add(p.endpoint());
            lb = p.next();
        }
        assertThat(picks).containsExactly(order.get(0), order.get(1), order.get(2), order.get(0), order.get(1),
                order.get(2), order.get(0));
        assertThat(lb.state(SPN).index()).isEqualTo(1);
    }

    @Property(tries = 100)
    void withoutAffinityEveryEndpointGetsAnEqualShare(@ForAll @IntRange(min = 1, max = 12) int n,
                                                      @ForAll @IntRange(min = 1, max = 20) int rounds, @ForAll long seed) {
        List<HostPort> eps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            eps.add(new HostPort(IpAddress.parse("10.244.0." + (10 + i)), 80));
        }
        LoadBalancerRR lb = LoadBalancerRR.empty(V125, Rng.seeded(seed, 2)).newService(SPN, AffinityType.NONE, 0)
                .onEndpointsAdd(SPN, eps).next();
        Map<HostPort, Integer> counts = new HashMap<>();
        for (int i = 0; i < n * rounds; i++) {
            LoadBalancerRR.Pick p = lb.nextEndpoint(SPN, CLIENT_A, false, Duration.ZERO);
            counts.merge(p.endpoint(), 1, Integer::sum);
            lb = p.next();
        }
        assertThat(counts).hasSize(n).allSatisfy((ep, c) -> assertThat(c).isEqualTo(rounds));
    }

    @Test
    void clientIpAffinitySticksAndOtherClientsAdvanceTheRotation() {
        LoadBalancerRR lb = balancer(AffinityType.CLIENT_IP, 0, 1);
        List<HostPort> order = lb.state(SPN).endpoints();
        LoadBalancerRR.Pick a1 = lb.nextEndpoint(SPN, CLIENT_A, false, s(0));
        LoadBalancerRR.Pick b1 = a1.next().nextEndpoint(SPN, CLIENT_B, false, s(1));
        LoadBalancerRR.Pick a2 = b1.next().nextEndpoint(SPN, CLIENT_A, false, s(2));
        assertThat(a1.endpoint()).isEqualTo(order.get(0));
        assertThat(a1.fromAffinity()).isFalse();
        assertThat(b1.endpoint()).isEqualTo(order.get(1));
        assertThat(a2.endpoint()).isEqualTo(order.get(0));
        assertThat(a2.fromAffinity()).isTrue();
        assertThat(a2.next().state(SPN).index()).isEqualTo(2);
        assertThat(a2.next().state(SPN).affinity().records().get(CLIENT_A).lastUsed()).isEqualTo(s(2));
        assertThat(a2.next().state(SPN).affinity().ttlSeconds()).isEqualTo(10800);
    }

    @Test
    void affinityExpiresWhenTheRecordIsTtlSecondsOld() {
        LoadBalancerRR lb = balancer(AffinityType.CLIENT_IP, 60, 1);
        List<HostPort> order = lb.state(SPN).endpoints();
        LoadBalancerRR.Pick first = lb.nextEndpoint(SPN, CLIENT_A, false, s(0));
        // 59.999 s later the age truncates to 59 < 60: sticky, and the record is refreshed.
        LoadBalancerRR.Pick sticky = first.next().nextEndpoint(SPN, CLIENT_A, false, s(59.999));
        assertThat(sticky.endpoint()).isEqualTo(order.get(0));
        assertThat(sticky.fromAffinity()).isTrue();
        // 60 s after the last use the age is 60 >= ttl: a fresh round-robin pick.
        LoadBalancerRR.Pick expired = sticky.next().nextEndpoint(SPN, CLIENT_A, false, s(119.999));
        assertThat(expired.endpoint()).isEqualTo(order.get(1));
        assertThat(expired.fromAffinity()).isFalse();
        assertThat(expired.next().state(SPN).affinity().records().get(CLIENT_A).endpoint()).isEqualTo(order.get(1));
    }

    @Test
    void affinityResetOnRetrySkipsTheRecordAndOverwritesIt() {
        LoadBalancerRR lb = balancer(AffinityType.CLIENT_IP, 0, 1);
        List<HostPort> order = lb.state(SPN).endpoints();
        LoadBalancerRR.Pick first = lb.nextEndpoint(SPN, CLIENT_A, false, s(0));
        LoadBalancerRR.Pick retry = first.next().nextEndpoint(SPN, CLIENT_A, true, s(1));
        assertThat(retry.endpoint()).isEqualTo(order.get(1));
        assertThat(retry.next().state(SPN).affinity().records().get(CLIENT_A).endpoint()).isEqualTo(order.get(1));
    }

    @Test
    void cleanupRemovesRecordsAtLeastTtlOld() {
        LoadBalancerRR lb = balancer(AffinityType.CLIENT_IP, 60, 1);
        lb = lb.nextEndpoint(SPN, CLIENT_A, false, s(0)).next();
        lb = lb.nextEndpoint(SPN, CLIENT_B, false, s(30)).next();
        assertThat(lb.cleanupStaleStickySessions(SPN, s(59.9)).state(SPN).affinity().records()).hasSize(2);
        LoadBalancerRR cleaned = lb.cleanupAllStaleStickySessions(s(60));
        assertThat(cleaned.state(SPN).affinity().records()).containsOnlyKeys(CLIENT_B);
        assertThat(lb.cleanupStaleStickySessions(SPN, s(90)).state(SPN).affinity().records()).isEmpty();
    }

    @Test
    void endpointUpdateDropsStaleAffinityAndReshuffles() {
        LoadBalancerRR lb = balancer(AffinityType.CLIENT_IP, 0, 1);
        List<HostPort> order = lb.state(SPN).endpoints();
        lb = lb.nextEndpoint(SPN, CLIENT_A, false, s(0)).next();
        lb = lb.nextEndpoint(SPN, CLIENT_B, false, s(1)).next();
        HostPort gone = order.get(0);
        List<HostPort> remaining = new ArrayList<>(EPS);
        remaining.remove(gone);
        remaining.add(hp("10.244.0.8:9376"));
        LoadBalancerRR.Step up = lb.onEndpointsUpdate(SPN, remaining);
        assertThat(up.log()).extracting(Object::toString).containsExactly(
                "I [v1] LoadBalancerRR: Setting endpoints for default/hostnames:default to "
                        + "[" + String.join(" ", remaining.stream().sorted().map(Object::toString).toList()) + "]",
                "I [v2] Delete endpoint " + gone + " for service \"default/hostnames:default\"");
        assertThat(up.next().state(SPN).affinity().records()).containsOnlyKeys(CLIENT_B);
        assertThat(up.next().state(SPN).endpoints()).containsExactlyInAnyOrderElementsOf(remaining);
        assertThat(up.next().state(SPN).index()).isZero();
    }

    @Test
    void updateWithTheSameSetChangesNothing() {
        LoadBalancerRR lb = balancer(AffinityType.NONE, 0, 1).nextEndpoint(SPN, CLIENT_A, false, s(0)).next();
        LoadBalancerRR.Step same = lb.onEndpointsUpdate(SPN, List.of(EPS.get(2), EPS.get(0), EPS.get(1)));
        assertThat(same.log()).isEmpty();
        assertThat(same.next()).isEqualTo(lb);
    }

    @Test
    void resetServiceEmptiesEndpointsAndAffinity() {
        LoadBalancerRR lb = balancer(AffinityType.CLIENT_IP, 0, 1).nextEndpoint(SPN, CLIENT_A, false, s(0)).next();
        LoadBalancerRR.Step reset = lb.resetService(SPN);
        assertThat(reset.log()).extracting(Object::toString)
                .containsExactly("I [v2] LoadBalancerRR: Removing endpoints for default/hostnames:default");
        assertThat(reset.next().state(SPN).endpoints()).isEmpty();
        assertThat(reset.next().state(SPN).affinity().records()).isEmpty();
        LoadBalancerRR.Pick none = reset.next().nextEndpoint(SPN, CLIENT_A, false, s(1));
        assertThat(none.ok()).isFalse();
        assertThat(none.error()).isEqualTo("missing endpoints");
        ServicePortName other = new ServicePortName("default", "other", "", Protocol.TCP);
        assertThat(lb.nextEndpoint(other, CLIENT_A, false, s(1)).error()).isEqualTo("missing service entry");
        assertThat(lb.resetService(other).next()).isEqualTo(lb);
    }

    @Test
    void serviceMergedAfterItsEndpointsKeepsTheDefaultTtl() {
        LoadBalancerRR lb = LoadBalancerRR.empty(V125, Rng.seeded(1, 2)).onEndpointsAdd(SPN, EPS).next()
                .newService(SPN, AffinityType.CLIENT_IP, 60);
        assertThat(lb.state(SPN).affinity().type()).isEqualTo(AffinityType.CLIENT_IP);
        assertThat(lb.state(SPN).affinity().ttlSeconds()).isEqualTo(10800);
        LoadBalancerRR first = LoadBalancerRR.empty(V125, Rng.seeded(1, 2)).newService(SPN, AffinityType.CLIENT_IP, 60);
        assertThat(first.state(SPN).affinity().ttlSeconds()).isEqualTo(60);
        assertThat(LoadBalancerRR.empty(V125, Rng.seeded(1, 2)).newService(SPN, AffinityType.CLIENT_IP, 0)
                .state(SPN).affinity().ttlSeconds()).isEqualTo(10800);
    }

    @Test
    void anEndpointsPortWithoutAddressesIsNotAnAdd() {
        assertThatThrownBy(() -> LoadBalancerRR.empty(V125, Rng.seeded(1, 2)).onEndpointsAdd(SPN, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
