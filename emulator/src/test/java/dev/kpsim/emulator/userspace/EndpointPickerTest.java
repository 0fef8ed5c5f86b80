package dev.kpsim.emulator.userspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointPickerTest {

    private static final List<String> EPS = List.of("10.244.0.5:9376", "10.244.0.6:9376", "10.244.0.7:9376");
    private static final long SECOND = 1_000_000_000L;

    @Test
    void roundRobinInListOrder() {
        EndpointPicker p = new EndpointPicker(EPS, false, 0, () -> 0L);
        assertThat(List.of(p.next("1.1.1.1", false), p.next("2.2.2.2", false), p.next("1.1.1.1", false), p.next("3.3.3.3", false)))
                .extracting(o -> o.orElseThrow())
                .containsExactly(EPS.get(0), EPS.get(1), EPS.get(2), EPS.get(0));
    }

    @Test
    void clientIpAffinitySticksUntilTheTimeoutAndIsRefreshedByUse() {
        AtomicLong now = new AtomicLong();
        EndpointPicker p = new EndpointPicker(EPS, true, 10, now::get);
        assertThat(p.next("1.1.1.1", false)).contains(EPS.get(0));
        assertThat(p.next("2.2.2.2", false)).contains(EPS.get(1));
        now.set(9 * SECOND + SECOND / 2);
        assertThat(p.next("1.1.1.1", false)).contains(EPS.get(0)); // 9.5 s: int(9.5) = 9 < 10, refreshed
        now.set(19 * SECOND);
        assertThat(p.next("1.1.1.1", false)).contains(EPS.get(0)); // 9.5 s since the refresh
        now.set(29 * SECOND + SECOND / 2);
        assertThat(p.next("1.1.1.1", false)).contains(EPS.get(2)); // 10.5 s: expired, next in the rotation
    }

    @Test
    void aResetAfterAFailedDialIgnoresTheRecordAndRewritesIt() {
        EndpointPicker p = new EndpointPicker(EPS, true, 0, () -> 0L);
        assertThat(p.next("1.1.1.1", false)).contains(EPS.get(0));
        assertThat(p.next("1.1.1.1", true)).contains(EPS.get(1));
        assertThat(p.next("1.1.1.1", false)).contains(EPS.get(1));
    }

    @Test
    void noEndpointsMeansNoChoice() {
        assertThat(new EndpointPicker(List.of(), false, 0, () -> 0L).next("1.1.1.1", false)).isEmpty();
    }

    @Test
    void specsRoundTripAndRejectSeparators() {
        ProxyServiceSpec s = new ProxyServiceSpec("default/hostnames:default", false, 48577, EPS, true, 10800);
        assertThat(ProxyServiceSpec.parse(s.format())).isEqualTo(s);
        assertThat(s.format()).isEqualTo("name=default/hostnames:default;proto=tcp;port=48577;affinity=ClientIP;ttl=10800;"
                + "endpoints=10.244.0.5:9376|10.244.0.6:9376|10.244.0.7:9376");
        ProxyServiceSpec v6 = new ProxyServiceSpec("ns/dns:dns", true, 53000, List.of("[fd00::5]:53"), false, 0);
        assertThat(ProxyServiceSpec.parse(v6.format())).isEqualTo(v6);
        assertThat(UserspaceProxyServer.endpointAddress("[fd00::5]:53").getPort()).isEqualTo(53);
        assertThat(UserspaceProxyServer.endpointAddress("[fd00::5]:53").getAddress().getHostAddress()).isEqualTo("fd00:0:0:0:0:0:0:5");
        assertThatThrownBy(() -> new ProxyServiceSpec("a;b", false, 1, List.of(), false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProxyServiceSpec("a", false, 0, List.of(), false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
