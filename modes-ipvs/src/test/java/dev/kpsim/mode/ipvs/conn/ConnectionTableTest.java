package dev.kpsim.mode.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.model.Frontend;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.ServiceFlags;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.mode.ipvs.sched.Destination;
import dev.kpsim.mode.ipvs.sched.ServiceState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connection life cycles and persistence templates on kpsim's millisecond clock. */
class ConnectionTableTest {
    static final IpAddress VIP = IpAddress.parse("10.0.1.175");
    static final IpAddress CLIENT = IpAddress.parse("10.244.1.9");

    static VirtualServer vs(int flags, int timeout) {
        return VirtualServer.kubeProxy(Protocol.TCP, VIP, 80, "rr", flags, timeout, Frontend.CLUSTER_IP, "default/hostnames")
                .withRealServers(List.of(RealServer.masq(IpAddress.parse("10.244.0.7"), 9376, 1, null),
                        RealServer.masq(IpAddress.parse("10.244.0.6"), 9376, 1, null)));
    }

    static String counters(Destination d) {
        return d.activeConns() + "/" + d.inactConns() + "/" + d.persistConns();
    }

    @Test
    void aPlannedTcpConnectionIsActiveUntilItClosesThenInTimeWaitThenGone() {
        ConnectionTable t = new ConnectionTable(ProtocolTimeouts.kernelDefaults());
        VirtualServer v = vs(0, 0);
        Destination d = ServiceState.fromVirtualServer(v).destinations().get(0);
        IpvsConnection c = t.open(v, d, Protocol.TCP, CLIENT, 40000, VIP, 80, 0, 10_000);
        assertThat(c.state()).isEqualTo(ConnState.TCP_ESTABLISHED);
        assertThat(counters(d)).isEqualTo("1/0/0");
        t.advance(9_999);
        assertThat(counters(d)).isEqualTo("1/0/0");
        t.advance(10_000);
        assertThat(c.state()).isEqualTo(ConnState.TCP_TIME_WAIT);
        assertThat(c.expiresAt()).isEqualTo(130_000);
        assertThat(counters(d)).isEqualTo("0/1/0");
        assertThat(t.lookupReply(Protocol.TCP, d.address(), 9376, CLIENT, 40000)).contains(c);
        t.advance(130_000);
        assertThat(counters(d)).isEqualTo("0/0/0");
        assertThat(t.entries()).isEmpty();
        assertThat(t.lookup(Protocol.TCP, CLIENT, 40000, VIP, 80)).isEmpty();
    }

    @Test
    void aLoneSynIsInactiveForSixtySecondsAndAPacketRestartsItsTimer() {
        ConnectionTable t = new ConnectionTable(ProtocolTimeouts.kernelDefaults());
        VirtualServer v = vs(0, 0);
        Destination d = ServiceState.fromVirtualServer(v).destinations().get(0);
        IpvsConnection c = t.open(v, d, Protocol.TCP, CLIENT, 40000, VIP, 80, 0, -1);
        assertThat(c.state()).isEqualTo(ConnState.TCP_SYN_RECV);
        assertThat(counters(d)).isEqualTo("0/1/0");
        t.advance(50_000);
        t.touch(c, 50_000);
        t.advance(100_000);
        assertThat(t.entries()).containsExactly(c);
        t.advance(110_000);
        assertThat(t.entries()).isEmpty();
        assertThat(counters(d)).isEqualTo("0/0/0");
    }

    @Test
    void udpStaysActiveUntilTheUdpTimeoutAfterItsLastPacket() {
        ConnectionTable t = new ConnectionTable(ProtocolTimeouts.of(0, 0, 30));
        VirtualServer v = VirtualServer.kubeProxy(Protocol.UDP, VIP, 53, "rr", 0, 0, Frontend.CLUSTER_IP, "kube-dns")
                .withRealServers(List.of(RealServer.masq(IpAddress.parse("10.244.0.2"), 53, 1, null)));
        Destination d = ServiceState.fromVirtualServer(v).destinations().get(0);
        t.open(v, d, Protocol.UDP, CLIENT, 5353, VIP, 53, 0, 2_000);
        t.advance(31_999);
        assertThat(counters(d)).isEqualTo("1/0/0");
        t.advance(32_000);
        assertThat(counters(d)).isEqualTo("0/0/0");
    }

    @Test
    void aTemplateOutlivesItsConnectionsByUpToOneTimeoutAndIsReArmedByUse() {
        ConnectionTable t = new ConnectionTable(ProtocolTimeouts.kernelDefaults());
        VirtualServer v = vs(ServiceFlags.PERSISTENT, 100);
        ServiceState st = ServiceState.fromVirtualServer(v);
        Destination d = st.destinations().get(0);
        t.open(v, d, Protocol.TCP, CLIENT, 40000, VIP, 80, 0, 250_000);
        assertThat(counters(d)).isEqualTo("1/0/1");
        // the template's timer fires at 100 s and 200 s with its connection alive and is re-armed each time
        t.advance(200_000);
        assertThat(t.templateDestination(v, CLIENT, true)).contains(d);
        // another connection at 210 s re-arms it to 310 s; the first closes at 250 s (TIME_WAIT to 370 s)
        t.open(v, d, Protocol.TCP, CLIENT, 40001, VIP, 80, 210_000, 1_000);
        t.advance(309_999);
        assertThat(t.templateDestination(v, CLIENT, true)).contains(d);
        // at 310 s its connections still linger in TIME_WAIT: re-armed to 410 s, then gone
        t.advance(410_000);
        assertThat(t.templateDestination(v, CLIENT, true)).isEmpty();
        assertThat(counters(d)).isEqualTo("0/0/0");
    }

    @Test
    void aTemplateOfAQuiescedDestinationIsInvalidatedOnlyWhenAsked() {
        ConnectionTable t = new ConnectionTable(ProtocolTimeouts.kernelDefaults());
        VirtualServer v = vs(ServiceFlags.PERSISTENT, 100);
        ServiceState st = ServiceState.fromVirtualServer(v);
        Destination d = st.destinations().get(0);
        t.open(v, d, Protocol.TCP, CLIENT, 40000, VIP, 80, 0, -1);
        st.setWeight(d, 0);
        assertThat(t.templateDestination(v, CLIENT, false)).isEmpty();
        assertThat(d.persistConns()).isEqualTo(1);
        assertThat(t.templateDestination(v, CLIENT, true)).isEmpty();
        assertThat(d.persistConns()).isZero();
        Destination other = st.destinations().get(1);
        t.open(v, other, Protocol.TCP, CLIENT, 40001, VIP, 80, 1_000, -1);
        assertThat(t.templateDestination(v, CLIENT, true)).contains(other);
    }

    @Test
    void reopeningAClientPortReplacesTheOldConnection() {
        ConnectionTable t = new ConnectionTable(ProtocolTimeouts.kernelDefaults());
        VirtualServer v = vs(0, 0);
        ServiceState st = ServiceState.fromVirtualServer(v);
        Destination a = st.destinations().get(0);
        Destination b = st.destinations().get(1);
        IpvsConnection old = t.open(v, a, Protocol.TCP, CLIENT, 40000, VIP, 80, 0, 1_000);
        t.advance(1_000);
        assertThat(old.state()).isEqualTo(ConnState.TCP_TIME_WAIT);
        t.expireNow(old);
        IpvsConnection fresh = t.open(v, b, Protocol.TCP, CLIENT, 40000, VIP, 80, 2_000, 1_000);
        assertThat(t.lookup(Protocol.TCP, CLIENT, 40000, VIP, 80)).contains(fresh);
        assertThat(counters(a)).isEqualTo("0/0/0");
        assertThat(fresh).hasToString("TCP 10.244.1.9:40000 -> 10.0.1.175:80 -> 10.244.0.6:9376 ESTABLISHED");
    }
}
