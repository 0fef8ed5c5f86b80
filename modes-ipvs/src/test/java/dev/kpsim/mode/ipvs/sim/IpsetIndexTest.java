package dev.kpsim.mode.ipvs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.IpsetMembership;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.ipset.IpSetType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code -m set} against kube-proxy's set types, with the kernel's dimension, family and protocol rules. */
class IpsetIndexTest {
    static final List<Side> DST = List.of(Side.DESTINATION);
    static final List<Side> DST_DST = List.of(Side.DESTINATION, Side.DESTINATION);
    static final List<Side> DST_DST_SRC = List.of(Side.DESTINATION, Side.DESTINATION, Side.SOURCE);

    static IpSet set(String name, IpSetType type, IpFamily family, String... members) {
        return new IpSet(name, type, IpSet.kubeProxyCreateOptions(type, family, 1), List.of(members), null, 0);
    }

    static final IpsetIndex INDEX = IpsetIndex.of(List.of(
            set("KUBE-CLUSTER-IP", IpSetType.HASH_IP_PORT, IpFamily.IPV4, "10.0.1.175,tcp:80", "10.0.0.10,udp:53"),
            set("KUBE-LOOP-BACK", IpSetType.HASH_IP_PORT_IP, IpFamily.IPV4, "10.244.0.7,tcp:9376,10.244.0.7"),
            set("KUBE-NODE-PORT-TCP", IpSetType.BITMAP_PORT, IpFamily.IPV4, "30080"),
            set("KUBE-LOAD-BALANCER-SOURCE-CIDR", IpSetType.HASH_IP_PORT_NET, IpFamily.IPV4, "5.6.7.8,tcp:443,10.0.0.0/8"),
            set("KUBE-IPVS-IPS", IpSetType.HASH_IP, IpFamily.IPV4, "10.0.1.175"),
            set("KUBE-6-CLUSTER-IP", IpSetType.HASH_IP_PORT, IpFamily.IPV6, "fd00::1,tcp:80"),
            set("ODD", IpSetType.HASH_IP_PORT, IpFamily.IPV4, "10.0.0.1,tcp:80", "garbage"),
            set("MACS", IpSetType.HASH_MAC, IpFamily.IPV4)));

    static Packet p(Protocol proto, String src, String dst) {
        return Packet.of(proto, HostPort.parse(src), HostPort.parse(dst));
    }

    @Test
    void hashIpPortTakesTheProtocolIntoTheKey() {
        assertThat(INDEX.test("KUBE-CLUSTER-IP", DST_DST, p(Protocol.TCP, "10.244.0.5:1", "10.0.1.175:80"))).isEqualTo(IpsetMembership.MEMBER);
        assertThat(INDEX.test("KUBE-CLUSTER-IP", DST_DST, p(Protocol.UDP, "10.244.0.5:1", "10.0.1.175:80"))).isEqualTo(IpsetMembership.NOT_MEMBER);
        assertThat(INDEX.test("KUBE-CLUSTER-IP", DST_DST, p(Protocol.UDP, "10.244.0.5:1", "10.0.0.10:53"))).isEqualTo(IpsetMembership.MEMBER);
        // src,dst: the source address with the destination port (kube-proxy's rule without a local detector)
        assertThat(INDEX.test("KUBE-CLUSTER-IP", List.of(Side.SOURCE, Side.DESTINATION),
                p(Protocol.TCP, "10.0.1.175:1", "10.244.0.7:80"))).isEqualTo(IpsetMembership.MEMBER);
    }

    @Test
    void fewerFlagsThanDimensionsNeverMatchAndMoreAreIgnored() {
        assertThat(INDEX.test("KUBE-CLUSTER-IP", DST, p(Protocol.TCP, "10.244.0.5:1", "10.0.1.175:80"))).isEqualTo(IpsetMembership.NOT_MEMBER);
        assertThat(INDEX.test("KUBE-IPVS-IPS", DST_DST, p(Protocol.TCP, "10.244.0.5:1", "10.0.1.175:80"))).isEqualTo(IpsetMembership.MEMBER);
    }

    @Test
    void loopBackMatchesOnlyASelfConnection() {
        assertThat(INDEX.test("KUBE-LOOP-BACK", DST_DST_SRC, p(Protocol.TCP, "10.244.0.7:40000", "10.244.0.7:9376"))).isEqualTo(IpsetMembership.MEMBER);
        assertThat(INDEX.test("KUBE-LOOP-BACK", DST_DST_SRC, p(Protocol.TCP, "10.244.0.5:40000", "10.244.0.7:9376"))).isEqualTo(IpsetMembership.NOT_MEMBER);
    }

    @Test
    void bitmapPortLooksAtThePortOnlyAndNetSetsAtContainment() {
        assertThat(INDEX.test("KUBE-NODE-PORT-TCP", DST, p(Protocol.UDP, "1.2.3.4:1", "10.240.0.2:30080"))).isEqualTo(IpsetMembership.MEMBER);
        assertThat(INDEX.test("KUBE-NODE-PORT-TCP", DST, p(Protocol.TCP, "1.2.3.4:1", "10.240.0.2:30081"))).isEqualTo(IpsetMembership.NOT_MEMBER);
        assertThat(INDEX.test("KUBE-LOAD-BALANCER-SOURCE-CIDR", DST_DST_SRC, p(Protocol.TCP, "10.9.9.9:1", "5.6.7.8:443"))).isEqualTo(IpsetMembership.MEMBER);
        assertThat(INDEX.test("KUBE-LOAD-BALANCER-SOURCE-CIDR", DST_DST_SRC, p(Protocol.TCP, "11.9.9.9:1", "5.6.7.8:443"))).isEqualTo(IpsetMembership.NOT_MEMBER);
        assertThat(INDEX.containsPort("KUBE-NODE-PORT-TCP", 30080)).isTrue();
        assertThat(INDEX.containsIpPort("KUBE-CLUSTER-IP", dev.kpsim.core.net.IpAddress.parse("10.0.0.10"), Protocol.UDP, 53)).isTrue();
    }

    @Test
    void otherFamiliesUnknownSetsTypesAndUnreadMembersAreAnsweredConservatively() {
        assertThat(INDEX.test("KUBE-6-CLUSTER-IP", DST_DST, p(Protocol.TCP, "10.244.0.5:1", "10.0.1.175:80"))).isEqualTo(IpsetMembership.NOT_MEMBER);
        assertThat(INDEX.test("KUBE-6-CLUSTER-IP", DST_DST, p(Protocol.TCP, "[fd00::9]:1", "[fd00::1]:80"))).isEqualTo(IpsetMembership.MEMBER);
        assertThat(INDEX.test("NOPE", DST, p(Protocol.TCP, "10.244.0.5:1", "10.0.1.175:80"))).isEqualTo(IpsetMembership.UNKNOWN_SET);
        assertThat(INDEX.test("MACS", DST, p(Protocol.TCP, "10.244.0.5:1", "10.0.1.175:80"))).isEqualTo(IpsetMembership.UNKNOWN_SET);
        assertThat(INDEX.test("ODD", DST_DST, p(Protocol.TCP, "10.244.0.5:1", "10.0.0.1:80"))).isEqualTo(IpsetMembership.MEMBER);
        assertThat(INDEX.test("ODD", DST_DST, p(Protocol.TCP, "10.244.0.5:1", "10.0.0.2:80"))).isEqualTo(IpsetMembership.UNKNOWN_SET);
    }
}
