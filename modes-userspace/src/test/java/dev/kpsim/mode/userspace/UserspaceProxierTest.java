package dev.kpsim.mode.userspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.proxier.ConnectionOutcome;
import dev.kpsim.mode.userspace.proxier.ConnectionRequest;
import dev.kpsim.mode.userspace.proxier.ConnectionResult;
import dev.kpsim.mode.userspace.proxier.DialAttempt;
import dev.kpsim.mode.userspace.proxier.Leg;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import dev.kpsim.mode.userspace.simulate.ConnectionSchedule;
import dev.kpsim.mode.userspace.simulate.EndpointShares;
import dev.kpsim.mode.userspace.simulate.ProxierSimulation;
import dev.kpsim.mode.userspace.simulate.SimulationRun;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserspaceProxierTest {

    private static final HostPort CLIENT = HostPort.parse("10.244.1.9:51000");
    private static final ServicePortName DNS = new ServicePortName("default", "dns", "dns", Protocol.UDP);

    private static UserspaceProxier hostnames() {
        return Fixtures.generate(Fixtures.hostnamesInput()).proxier();
    }

    private static UserspaceProxier withAffinity(int timeout, StartupOrder order) {
        Service svc = Fixtures.hostnamesService().sessionAffinity(SessionAffinity.ClientIP, timeout).build();
        ProxyInput in = new ProxyInput(Fixtures.cluster(List.of(svc),
                List.of(Fixtures.slice("hostnames", "default", Protocol.TCP, 9376, Fixtures.HOSTNAMES_PODS))),
                Fixtures.config().userspaceProxyPort("default/hostnames:default", 48577).build(), Fixtures.NODE);
        return new UserspaceMode().generate(in, UserspaceOptions.defaults().withStartupOrder(order)).proxier();
    }

    @Test
    void theEndpointSeesTheNodeAsSourceOfASecondConnection() {
        UserspaceProxier p = hostnames();
        ConnectionResult r = p.connect(ConnectionRequest.of(Fixtures.HOSTNAMES, CLIENT, Duration.ZERO));
        HostPort first = p.loadBalancer().state(Fixtures.HOSTNAMES).endpoints().get(0);
        assertThat(r.outcome()).isEqualTo(ConnectionOutcome.PROXIED);
        assertThat(r.endpoint()).contains(first);
        assertThat(r.inbound()).isEqualTo(new Leg(CLIENT, HostPort.parse("10.240.115.247:48577"), Protocol.TCP));
        Leg out = r.outbound().orElseThrow();
        assertThat(out.source().ip()).isEqualTo(Fixtures.NODE_IP);
        assertThat(out.source().port()).isBetween(32768, 60999);
        assertThat(out.destination()).isEqualTo(first);
        assertThat(r.log()).extracting(Object::toString)
                .containsExactly("I [v3] Mapped service \"default/hostnames:default\" to endpoint " + first);
        assertThat(r.next().loadBalancer().state(Fixtures.HOSTNAMES).index()).isEqualTo(1);
        assertThat(p.serviceForProxyPort(48577, Protocol.TCP)).map(i -> i.name()).contains(Fixtures.HOSTNAMES);
        assertThat(p.serviceForPortal(IpAddress.parse("10.0.1.175"), 80, Protocol.TCP)).isPresent();
        assertThat(p.serviceForPortal(IpAddress.parse("10.0.1.175"), 80, Protocol.UDP)).isEmpty();
    }

    @Test
    void aTimedOutDialIsRetriedOnTheNextEndpointWithoutAffinity() {
        UserspaceProxier p = withAffinity(10800, StartupOrder.SERVICES_FIRST);
        List<HostPort> order = p.loadBalancer().state(Fixtures.HOSTNAMES).endpoints();
        ConnectionResult r = p.connect(new ConnectionRequest(Fixtures.HOSTNAMES, CLIENT, Duration.ofSeconds(5), Set.of(order.get(0))));
        assertThat(r.outcome()).isEqualTo(ConnectionOutcome.PROXIED);
        assertThat(r.attempts()).containsExactly(
                new DialAttempt(order.get(0), false, Duration.ofSeconds(5), Duration.ofMillis(250), false),
                new DialAttempt(order.get(1), false, Duration.ofMillis(5250), Duration.ofMillis(500), true));
        assertThat(r.log()).extracting(Object::toString).contains("E [v0] Dial failed: dial tcp " + order.get(0) + ": i/o timeout");
        assertThat(r.next().loadBalancer().state(Fixtures.HOSTNAMES).affinity().records().get(CLIENT.ip()).endpoint())
                .isEqualTo(order.get(1));
    }

    @Test
    void fourFailedDialsCloseTheClientConnection() {
        UserspaceProxier p = hostnames();
        ConnectionResult r = p.connect(new ConnectionRequest(Fixtures.HOSTNAMES, CLIENT, Duration.ZERO,
                Set.copyOf(p.loadBalancer().state(Fixtures.HOSTNAMES).endpoints())));
        assertThat(r.outcome()).isEqualTo(ConnectionOutcome.DIAL_FAILED);
        assertThat(r.attempts()).hasSize(4).noneMatch(DialAttempt::connected);
        assertThat(r.endpoint()).isEmpty();
        assertThat(r.outbound()).isEmpty();
        assertThat(r.log()).last().hasToString("E [v0] Failed to connect to balancer: failed to connect to an endpoint");
        assertThat(r.next().loadBalancer().state(Fixtures.HOSTNAMES).index()).isEqualTo(1);
    }

    @Test
    void aServicePortWithoutEndpointsAcceptsThenCloses() {
        ProxyInput in = new ProxyInput(Fixtures.cluster(List.of(Fixtures.hostnamesService().build()), List.of()),
                Fixtures.config().build(), Fixtures.NODE);
        UserspaceProxier p = Fixtures.generate(in).proxier();
        ConnectionResult r = p.connect(ConnectionRequest.of(Fixtures.HOSTNAMES, CLIENT, Duration.ZERO));
        assertThat(r.outcome()).isEqualTo(ConnectionOutcome.NO_ENDPOINTS);
        assertThat(r.log()).extracting(Object::toString).containsExactly(
                "E [v0] Couldn't find an endpoint for default/hostnames:default: missing endpoints",
                "E [v0] Failed to connect to balancer: missing endpoints");
    }

    @Test
    void unknownServicePortIsBadInputAndTimeMustNotGoBack() {
        UserspaceProxier p = hostnames();
        assertThatThrownBy(() -> p.connect(ConnectionRequest.of(DNS, CLIENT, Duration.ZERO)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("default/dns:dns has no userspace proxy socket");
        UserspaceProxier later = p.connect(ConnectionRequest.of(Fixtures.HOSTNAMES, CLIENT, Duration.ofSeconds(10))).next();
        assertThatThrownBy(() -> later.connect(ConnectionRequest.of(Fixtures.HOSTNAMES, CLIENT, Duration.ofSeconds(9))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time order");
    }

    @Test
    void udpFlowsKeepTheirEndpointUntilIdleForTheTimeout() {
        Service dns = Service.builder("default", "dns").clusterIp(IpAddress.parse("10.0.0.10"))
                .port(new ServicePort("dns", Protocol.UDP, 53, PortRef.of(53), 0)).build();
        ProxyInput in = new ProxyInput(Fixtures.cluster(List.of(dns),
                List.of(Fixtures.slice("dns", "dns", Protocol.UDP, 53, List.of("10.244.3.3", "10.244.3.4")))),
                Fixtures.config().build(), Fixtures.NODE);
        UserspaceProxier p = Fixtures.generate(in).proxier();
        ConnectionResult first = p.connect(ConnectionRequest.of(DNS, CLIENT, Duration.ZERO));
        assertThat(first.log()).extracting(Object::toString).startsWith("I [v3] New UDP connection from 10.244.1.9:51000");
        ConnectionResult again = first.next().connect(ConnectionRequest.of(DNS, CLIENT, Duration.ofMillis(249)));
        assertThat(again.outcome()).isEqualTo(ConnectionOutcome.REUSED_UDP_FLOW);
        assertThat(again.endpoint()).isEqualTo(first.endpoint());
        assertThat(again.outbound()).isEqualTo(first.outbound());
        ConnectionResult idle = again.next().connect(ConnectionRequest.of(DNS, CLIENT, Duration.ofMillis(499)));
        assertThat(idle.outcome()).isEqualTo(ConnectionOutcome.PROXIED);
        assertThat(idle.endpoint()).isNotEqualTo(first.endpoint());
        assertThat(idle.next().cleanupStaleStickySessions(Duration.ofSeconds(1)).udpFlows(DNS)).isEmpty();
    }

    @Test
    void simulationReportsExactRoundRobinShares() {
        UserspaceProxier p = hostnames();
        List<HostPort> clients = List.of(CLIENT, HostPort.parse("10.244.2.4:40000"));
        SimulationRun run = ProxierSimulation.run(p, ConnectionSchedule.evenly(Fixtures.HOSTNAMES, clients, 300, Duration.ofMillis(100)));
        EndpointShares shares = run.shares().get(Fixtures.HOSTNAMES);
        assertThat(shares.delivered()).isEqualTo(300);
        assertThat(shares.counts()).hasSize(3).allSatisfy((ep, c) -> assertThat(c).isEqualTo(100));
        assertThat(shares.share(HostPort.parse("10.244.0.5:9376"))).isEqualTo(1.0 / 3);
        assertThat(shares.repeatConnections()).isEqualTo(298);
        assertThat(run.end().loadBalancer().state(Fixtures.HOSTNAMES).index()).isZero();
    }

    @Test
    void simulationShowsAffinityStickinessAndExpiry() {
        UserspaceProxier p = withAffinity(60, StartupOrder.SERVICES_FIRST);
        List<HostPort> clients = List.of(CLIENT, HostPort.parse("10.244.2.4:40000"), HostPort.parse("10.244.3.7:40000"));
        SimulationRun sticky = ProxierSimulation.run(p, ConnectionSchedule.evenly(Fixtures.HOSTNAMES, clients, 30, Duration.ofSeconds(1)));
        EndpointShares s = sticky.shares().get(Fixtures.HOSTNAMES);
        assertThat(s.stickiness()).isEqualTo(1.0);
        assertThat(s.counts()).allSatisfy((ep, c) -> assertThat(c).isEqualTo(10));
        // Connections 60 s apart: every record has expired, so each connection is a fresh round-robin pick.
        SimulationRun spaced = ProxierSimulation.run(p, ConnectionSchedule.evenly(Fixtures.HOSTNAMES, List.of(CLIENT), 3, Duration.ofSeconds(60)));
        assertThat(spaced.results()).extracting(r -> r.endpoint().orElseThrow())
                .containsExactlyElementsOf(p.loadBalancer().state(Fixtures.HOSTNAMES).endpoints());
        assertThat(spaced.shares().get(Fixtures.HOSTNAMES).stickiness()).isZero();
    }

    @Test
    void endpointsFirstKeepsTheDefaultTtlDespiteTheServiceTimeout() {
        UserspaceProxier p = withAffinity(60, StartupOrder.ENDPOINTS_FIRST);
        assertThat(p.loadBalancer().state(Fixtures.HOSTNAMES).affinity().ttlSeconds()).isEqualTo(10800);
        SimulationRun spaced = ProxierSimulation.run(p, ConnectionSchedule.evenly(Fixtures.HOSTNAMES, List.of(CLIENT), 3, Duration.ofSeconds(60)));
        assertThat(spaced.shares().get(Fixtures.HOSTNAMES).stickiness()).isEqualTo(1.0);
    }

    @Test
    void endpointUpdateThroughTheProxierDropsAffinityToTheRemovedPod() {
        UserspaceProxier p = withAffinity(10800, StartupOrder.SERVICES_FIRST);
        ConnectionResult r = p.connect(ConnectionRequest.of(Fixtures.HOSTNAMES, CLIENT, Duration.ZERO));
        HostPort used = r.endpoint().orElseThrow();
        List<HostPort> rest = p.loadBalancer().state(Fixtures.HOSTNAMES).endpoints().stream().filter(e -> !e.equals(used)).toList();
        UserspaceProxier.Step up = r.next().updateEndpoints(Fixtures.HOSTNAMES, rest);
        assertThat(up.log()).extracting(Object::toString)
                .contains("I [v2] Delete endpoint " + used + " for service \"default/hostnames:default\"");
        ConnectionResult after = up.next().connect(ConnectionRequest.of(Fixtures.HOSTNAMES, CLIENT, Duration.ofSeconds(1)));
        assertThat(after.endpoint().orElseThrow()).isIn(rest);
        assertThat(after.fromAffinity()).isFalse();
        UserspaceProxier.Step gone = after.next().updateEndpoints(Fixtures.HOSTNAMES, List.of());
        assertThat(gone.log()).extracting(Object::toString)
                .containsExactly("I [v2] LoadBalancerRR: Removing endpoints for default/hostnames:default");
    }
}
