package dev.kpsim.emulator.userspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.proxier.AffinityType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UserspaceProxyPartsTest {

    private static final List<HostPort> EPS = List.of(HostPort.parse("10.244.0.5:9376"), HostPort.parse("10.244.0.6:9376"),
            HostPort.parse("10.244.0.7:9376"));
    private static final ServicePortName SPN = new ServicePortName("default", "hostnames", "default", Protocol.TCP);
    private static final long SECOND = 1_000_000_000L;

    private static ProxyServiceSpec spec(int index, AffinityType affinity, int ttl) {
        return new ProxyServiceSpec(SPN, new KubeProxyVersion(1, 25), 48577, EPS, index, affinity, ttl);
    }

    @Test
    void specsRoundTripAndRefuseWhatCannotBePrinted() {
        ProxyServiceSpec s = spec(1, AffinityType.CLIENT_IP, 600);
        assertThat(s.format()).isEqualTo("svc=default/hostnames;portname=default;proto=tcp;version=1.25;port=48577;index=1;"
                + "affinity=CLIENT_IP;ttl=600;endpoints=10.244.0.5:9376|10.244.0.6:9376|10.244.0.7:9376");
        assertThat(ProxyServiceSpec.parse(s.format())).isEqualTo(s);
        ProxyServiceSpec v6 = new ProxyServiceSpec(new ServicePortName("ns", "dns", "", Protocol.UDP), new KubeProxyVersion(1, 20),
                53000, List.of(HostPort.parse("[fd00::5]:53")), 0, AffinityType.NONE, 10800);
        assertThat(ProxyServiceSpec.parse(v6.format())).isEqualTo(v6);
        assertThat(v6.udp()).isTrue();
        assertThat(UserspaceProxyServer.endpointAddress(HostPort.parse("[fd00::5]:53")).getAddress().getHostAddress()).isEqualTo("fd00:0:0:0:0:0:0:5");
        assertThatThrownBy(() -> new ProxyServiceSpec(new ServicePortName("a;b", "x", "", Protocol.TCP), new KubeProxyVersion(1, 25), 1,
                List.of(), 0, AffinityType.NONE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spec(3, AffinityType.NONE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyServiceSpec.parse("port=1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing svc=");
    }

    @Test
    void theRealProxyPicksWithTheSimulatorsRoundRobinFromTheGeneratedIndex() {
        BalancerPicker p = new BalancerPicker(spec(1, AffinityType.NONE, 0), () -> 0L);
        assertThat(List.of(p.next(IpAddress.parse("1.1.1.1"), false), p.next(IpAddress.parse("2.2.2.2"), false),
                p.next(IpAddress.parse("1.1.1.1"), false))).extracting(BalancerPicker.Pick::endpoint)
                .containsExactly(EPS.get(1), EPS.get(2), EPS.get(0));
    }

    @Test
    void clientIpAffinitySticksUntilItsTimeout() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        BalancerPicker p = new BalancerPicker(spec(0, AffinityType.CLIENT_IP, 10), now::get);
        IpAddress c = IpAddress.parse("1.1.1.1");
        assertThat(p.next(c, false).endpoint()).isEqualTo(EPS.get(0));
        assertThat(p.next(IpAddress.parse("2.2.2.2"), false).endpoint()).isEqualTo(EPS.get(1));
        now.addAndGet(9 * SECOND + SECOND / 2);
        BalancerPicker.Pick again = p.next(c, false);
        assertThat(again.endpoint()).isEqualTo(EPS.get(0));
        assertThat(again.fromAffinity()).isTrue();
        assertThat(again.at().toMillis()).isEqualTo(9500);
        now.addAndGet(10 * SECOND + SECOND / 2);
        assertThat(p.next(c, false).endpoint()).isEqualTo(EPS.get(2));
        // a retry after a failed dial ignores the record
        assertThat(p.next(c, true).endpoint()).isEqualTo(EPS.get(0));
    }

    @Test
    void noEndpointsMeansNoPick() {
        BalancerPicker p = new BalancerPicker(new ProxyServiceSpec(SPN, new KubeProxyVersion(1, 25), 1, List.of(), 0, AffinityType.NONE, 0), () -> 0L);
        BalancerPicker.Pick pick = p.next(IpAddress.parse("1.1.1.1"), false);
        assertThat(pick.endpoint()).isNull();
        assertThat(pick.error()).isEqualTo("missing endpoints");
    }

    @Test
    void pickLinesRoundTrip() {
        PickLine l = new PickLine(1234, HostPort.parse("10.244.0.9:10001"), "default/hostnames:default", EPS.get(2), true);
        assertThat(l.format()).isEqualTo("pick at=1234 client=10.244.0.9:10001 service=default/hostnames:default endpoint=10.244.0.7:9376 affinity=true");
        assertThat(PickLine.parse(l.format())).contains(l);
        assertThat(PickLine.parse("mapped client=1.1.1.1:1 service=x endpoint=1.1.1.1:2")).isEmpty();
        assertThat(PickLine.parse("pick at=x client=1.1.1.1:1 service=x endpoint=1.1.1.1:2 affinity=false")).isEmpty();
    }
}
