package dev.kpsim.mode.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.Step;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import dev.kpsim.mode.userspace.simulate.ProxierSession;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxierSessionTest {

    @Test
    void aRedirectedPacketBecomesANewConnectionFromTheNode() {
        UserspaceProxier initial = Fixtures.generate(Fixtures.hostnamesInput()).proxier();
        List<HostPort> order = initial.loadBalancer().state(Fixtures.HOSTNAMES).endpoints();
        SimulationState state = new SimulationState(1);
        // After KUBE-PORTALS-CONTAINER's REDIRECT the client's packet is addressed to the proxy port.
        Packet redirected = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.9:51000"), HostPort.parse("10.244.0.1:48577"));
        ProxierSession.Handoff h = ProxierSession.in(state, Fixtures.NODE, initial).accept(redirected, 0).orElseThrow();
        Packet second = h.secondLeg().orElseThrow();
        assertThat(second.source()).isEqualTo(Fixtures.NODE_IP);
        assertThat(second.destinationHostPort()).isEqualTo(order.get(0));
        assertThat(h.steps()).hasSize(2);
        assertThat(h.steps().get(0)).isInstanceOfSatisfying(Step.ModeStep.class, m -> assertThat(m.description())
                .startsWith("proxy socket tcp :48577 of default/hostnames:default accepted 10.244.1.9:51000 at +0.000s; round robin -> "
                        + order.get(0) + "; new connection tcp 10.240.115.247:")
                .endsWith(" -> " + order.get(0) + " (the endpoint sees the node as the source)"));
        assertThat(h.steps().get(1)).isEqualTo(new Step.TransformStep("userspace-proxy", redirected, second));
        state.advanceMillis(1000);
        ProxierSession.Handoff next = ProxierSession.in(state, Fixtures.NODE, initial).accept(redirected, state.nowMillis()).orElseThrow();
        assertThat(next.secondLeg().orElseThrow().destinationHostPort()).isEqualTo(order.get(1));
        assertThat(ProxierSession.in(state, Fixtures.NODE, initial).current().clock().toMillis()).isEqualTo(1000);
    }

    @Test
    void packetsForOtherPortsAreNotTheProxiers() {
        SimulationState state = new SimulationState(1);
        Packet ssh = Packet.of(Protocol.TCP, HostPort.parse("10.244.1.9:51000"), new HostPort(IpAddress.parse("10.240.115.247"), 22));
        assertThat(ProxierSession.in(state, Fixtures.NODE, Fixtures.generate(Fixtures.hostnamesInput()).proxier()).accept(ssh, 0)).isEmpty();
    }
}
