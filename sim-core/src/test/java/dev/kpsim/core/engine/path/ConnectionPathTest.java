package dev.kpsim.core.engine.path;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The bridge and reply-path effects, on the hostnames cluster seen from node-1 (10.240.0.3, pods 10.244.1.0/24, local
 * pod 10.244.1.7; node-2 owns 10.244.2.0/24), each as the Linux kernel showed it in the emulator (docs/emulate.md).
 */
class ConnectionPathTest {

    static final NodeEnvironment ENV = new NodeEnvironment("node-1", List.of(IpAddress.parse("10.240.0.3")),
            Map.of(IpAddress.parse("10.244.1.7"), "default/hostnames-ly40y"),
            Map.of(Cidr.parse("10.244.2.0/24"), "node-2", Cidr.parse("10.244.3.0/24"), "node-3"),
            List.of(Cidr.parse("10.244.1.0/24")), "cni0", "eth0", "veth");
    static final HostPort VIP = HostPort.parse("10.0.1.175:80");
    static final HostPort SELF = HostPort.parse("10.244.1.7:9376");
    static final HostPort REMOTE = HostPort.parse("10.244.2.3:9376");
    static final List<Step> WALK = List.of(new Step.HookStep(Hook.PREROUTING), new Step.ChainStep("nat", "PREROUTING"),
            new Step.HookStep(Hook.FORWARD), new Step.ChainStep("filter", "FORWARD"), new Step.HookStep(Hook.POSTROUTING));

    static Outcome accepted(HostPort to, boolean masquerade) {
        return new Outcome(0.5, Verdict.ACCEPT, to, masquerade, masquerade ? IpAddress.parse("10.244.1.1") : null, false, WALK);
    }

    static Packet from(String src) {
        return Packet.of(Protocol.TCP, HostPort.parse(src), VIP);
    }

    @Test
    void aMasqueradedHairpinWorksWithTheHairpinFlag() {
        Outcome o = accepted(SELF, true);
        assertThat(ConnectionPath.apply(from("10.244.1.7:40000"), EntryPoint.PREROUTING, ENV, HairpinMode.HAIRPIN_VETH, o, true)).isSameAs(o);
    }

    @Test
    void anUnmasqueradedHairpinFailsEvenWithTheHairpinFlag() {
        Outcome r = ConnectionPath.apply(from("10.244.1.7:40000"), EntryPoint.PREROUTING, ENV, HairpinMode.HAIRPIN_VETH, accepted(SELF, false), true);
        assertThat(r.verdict()).isEqualTo(Verdict.DROP);
        assertThat(r.destination()).isEqualTo(SELF);
        assertThat(r.probability()).isEqualTo(0.5);
        assertThat(r.hops()).hasSize(WALK.size() + 1);
        assertThat(((Step.RoutingStep) r.hops().get(WALK.size())).reason())
                .isEqualTo("the bridge cni0 sends the packet back to default/hostnames-ly40y (hairpin flag on its port), but its "
                        + "source is still 10.244.1.7: the pod answers itself directly, the reply never passes the node to be "
                        + "un-DNATed from 10.244.1.7:9376 back to 10.0.1.175:80, and the connection fails");
    }

    @ParameterizedTest
    @EnumSource(value = HairpinMode.class, names = {"NONE", "PROMISCUOUS_BRIDGE"})
    void withoutTheHairpinFlagTheBridgeLosesTheFrameBeforeForwarding(HairpinMode mode) {
        Outcome r = ConnectionPath.apply(from("10.244.1.7:40000"), EntryPoint.PREROUTING, ENV, mode, accepted(SELF, true), true);
        assertThat(r.verdict()).isEqualTo(Verdict.DROP);
        // the frame never reaches FORWARD or POSTROUTING: the steps stop at the routing decision
        assertThat(r.hops()).hasSize(3).startsWith(WALK.get(0), WALK.get(1));
        assertThat(((Step.RoutingStep) r.hops().get(2)).decision()).startsWith("bridge cni0");
    }

    @ParameterizedTest
    @EnumSource(HairpinMode.class)
    void anotherPodsEndpointIsNoHairpin(HairpinMode mode) {
        Outcome o = accepted(HostPort.parse("10.244.1.9:9376"), false);
        assertThat(ConnectionPath.apply(from("10.244.1.7:40000"), EntryPoint.PREROUTING, ENV, mode, o, true)).isSameAs(o);
    }

    @Test
    void anExternalClientsUnmasqueradedConnectionToARemoteEndpointFails() {
        Outcome r = ConnectionPath.apply(from("203.0.113.10:40000"), EntryPoint.PREROUTING, ENV, HairpinMode.DEFAULT, accepted(REMOTE, false), true);
        assertThat(r.verdict()).isEqualTo(Verdict.DROP);
        Step.RoutingStep why = (Step.RoutingStep) r.hops().get(r.hops().size() - 1);
        assertThat(why.decision()).isEqualTo("reply bypasses node-1");
        assertThat(why.reason()).isEqualTo("reply from 10.244.2.3 returns to 203.0.113.10 via node-2, never un-DNATed from "
                + "10.244.2.3:9376 back to 10.0.1.175:80: the packet was not masqueraded, so the connection fails");
    }

    @Test
    void aRemotePodsReplyStaysOnItsNode() {
        Outcome r = ConnectionPath.apply(from("10.244.2.9:40000"), EntryPoint.PREROUTING, ENV, HairpinMode.DEFAULT, accepted(REMOTE, false), true);
        assertThat(((Step.RoutingStep) r.hops().get(r.hops().size() - 1)).reason()).contains("returns to 10.244.2.9 inside node-2");
    }

    @Test
    void repliesThatComeBackThroughTheNodeAreFine() {
        Outcome masqueraded = accepted(REMOTE, true);
        assertThat(ConnectionPath.apply(from("203.0.113.10:1"), EntryPoint.PREROUTING, ENV, HairpinMode.DEFAULT, masqueraded, true)).isSameAs(masqueraded);
        Outcome local = accepted(SELF, false);
        assertThat(ConnectionPath.apply(from("203.0.113.10:1"), EntryPoint.PREROUTING, ENV, HairpinMode.DEFAULT, local, true)).isSameAs(local);
        Outcome fromNode = accepted(REMOTE, false);
        assertThat(ConnectionPath.apply(Packet.of(Protocol.TCP, HostPort.parse("10.240.0.3:1"), VIP), EntryPoint.OUTPUT, ENV,
                HairpinMode.DEFAULT, fromNode, true)).isSameAs(fromNode);
        Outcome fromLocalPod = accepted(REMOTE, false);
        assertThat(ConnectionPath.apply(from("10.244.1.9:1"), EntryPoint.PREROUTING, ENV, HairpinMode.DEFAULT, fromLocalPod, true)).isSameAs(fromLocalPod);
    }

    @Test
    void untranslatedDropsAndUnknownPlacesAreLeftAlone() {
        Outcome direct = accepted(REMOTE, false);
        Packet toPod = Packet.of(Protocol.TCP, HostPort.parse("203.0.113.10:1"), REMOTE);
        assertThat(ConnectionPath.apply(toPod, EntryPoint.PREROUTING, ENV, HairpinMode.DEFAULT, direct, true)).isSameAs(direct);
        Outcome dropped = new Outcome(1, Verdict.DROP, SELF, false, null, false, WALK);
        assertThat(ConnectionPath.apply(from("10.244.1.7:1"), EntryPoint.PREROUTING, ENV, HairpinMode.NONE, dropped, true)).isSameAs(dropped);
        Outcome outside = accepted(HostPort.parse("192.168.9.9:80"), false);
        assertThat(ConnectionPath.apply(from("203.0.113.10:1"), EntryPoint.PREROUTING, ENV, HairpinMode.DEFAULT, outside, true)).isSameAs(outside);
    }

    @Test
    void withoutAHairpinModeAPodsConnectionToItselfIsLeftAlone() {
        Outcome o = accepted(SELF, false);
        assertThat(ConnectionPath.apply(from("10.244.1.7:40000"), EntryPoint.PREROUTING, ENV, null, o, true)).isSameAs(o);
    }

    @Test
    void withoutHopsNoStepIsAdded() {
        Outcome o = new Outcome(1, Verdict.ACCEPT, REMOTE, false, null, false, List.of());
        assertThat(ConnectionPath.apply(from("203.0.113.10:1"), EntryPoint.PREROUTING, ENV, HairpinMode.DEFAULT, o, false).hops()).isEmpty();
    }

    @Test
    void hairpinModesParseFromKubeletFlags() {
        assertThat(HairpinMode.parse("Promiscuous-Bridge")).contains(HairpinMode.PROMISCUOUS_BRIDGE);
        assertThat(HairpinMode.parse("hairpin-veth")).contains(HairpinMode.HAIRPIN_VETH);
        assertThat(HairpinMode.parse("none")).contains(HairpinMode.NONE);
        assertThat(HairpinMode.parse("bridge")).isEmpty();
        assertThat(HairpinMode.parse(null)).isEmpty();
        assertThat(HairpinMode.DEFAULT).isEqualTo(HairpinMode.HAIRPIN_VETH);
    }
}
