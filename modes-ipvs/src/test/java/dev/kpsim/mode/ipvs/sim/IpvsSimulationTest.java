package dev.kpsim.mode.ipvs.sim;

import static dev.kpsim.mode.ipvs.sim.IpvsNodes.NODE;
import static dev.kpsim.mode.ipvs.sim.IpvsNodes.OTHER;
import static dev.kpsim.mode.ipvs.sim.IpvsNodes.cluster;
import static dev.kpsim.mode.ipvs.sim.IpvsNodes.config;
import static dev.kpsim.mode.ipvs.sim.IpvsNodes.ep;
import static dev.kpsim.mode.ipvs.sim.IpvsNodes.hostnames;
import static dev.kpsim.mode.ipvs.sim.IpvsNodes.threeLocalPods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.analysis.distribution.ConnectionLifetime;
import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.core.trace.render.OutcomeSummary;
import dev.kpsim.mode.ipvs.conn.ProtocolTimeouts;
import dev.kpsim.mode.ipvs.model.Frontend;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IPVS mode's packet path: schedulers in the kernel's order, connections, persistence, hairpin, replies, notes. */
class IpvsSimulationTest {
    static final HostPort VIP = HostPort.parse("10.0.1.175:80");

    static Packet tcp(String src, HostPort dst) {
        return Packet.of(Protocol.TCP, HostPort.parse(src), dst);
    }

    static List<String> modeSteps(Outcome o) {
        return o.hops().stream().filter(s -> s instanceof Step.ModeStep).map(s -> ((Step.ModeStep) s).description()).toList();
    }

    /** {@code n} connections from {@code client} (ports 40000, 40001, ...), each traced after checking outcomes agree. */
    static List<String> picks(Simulator sim, SimulationState state, String client, HostPort dst, int n, long gapMillis) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Packet p = tcp(client + ":" + (40000 + i), dst);
            List<Outcome> exact = sim.outcomes(p, EntryPoint.PREROUTING, state);
            Outcome o = sim.trace(p, EntryPoint.PREROUTING, state);
            assertThat(exact).hasSize(1);
            assertThat(exact.get(0).probability()).isEqualTo(1.0);
            assertThat(exact.get(0).destination()).isEqualTo(o.destination());
            out.add(o.verdict() == Verdict.ACCEPT ? o.destination().ip().toString() : o.verdict().name());
            state.advanceMillis(gapMillis);
        }
        return out;
    }

    @Test
    void rrTakesTheRealServersNewestFirst() {
        Simulator sim = IpvsNodes.hostnamesSimulator("rr");
        SimulationState state = new SimulationState(1);
        Outcome first = sim.trace(tcp("10.244.1.9:40000", VIP), EntryPoint.PREROUTING, state);
        assertThat(modeSteps(first)).containsExactly(
                "virtual service TCP 10.0.1.175:80 rr (default/hostnames, cluster IP) takes the packet at LOCAL_IN, after filter INPUT",
                "rr chose 10.244.0.7:9376 (weight 1, 0 active, 0 inactive)",
                "Masq: sent on from LOCAL_OUT with its conntrack entry (net.ipv4.vs.conntrack=1), so nat POSTROUTING sees it");
        assertThat(first.hops()).contains(new Step.TransformStep("IPVS DNAT", tcp("10.244.1.9:40000", VIP).withInterfaces("eth0", null),
                tcp("10.244.1.9:40000", HostPort.parse("10.244.0.7:9376")).withInterfaces("eth0", null)));
        assertThat(OutcomeSummary.describe(first)).isEqualTo("IPVS DNAT to 10.244.0.7:9376 (was 10.0.1.175:80), masqueraded: no");
        assertThat(picks(sim, state, "10.244.1.8", VIP, 4, 0)).containsExactly("10.244.0.6", "10.244.0.5", "10.244.0.7", "10.244.0.6");
        Outcome fifth = sim.trace(tcp("10.244.1.9:41000", VIP), EntryPoint.PREROUTING, state);
        assertThat(modeSteps(fifth)).contains("rr chose 10.244.0.5:9376 (weight 1, 0 active, 1 inactive)");
    }

    @Test
    void exploringOutcomesDoesNotMoveTheScheduler() {
        Simulator sim = IpvsNodes.hostnamesSimulator("rr");
        SimulationState state = new SimulationState(1);
        for (int i = 0; i < 3; i++) {
            assertThat(sim.outcomes(tcp("10.244.1.9:40000", VIP), EntryPoint.PREROUTING, state))
                    .extracting(Outcome::destination).containsExactly(HostPort.parse("10.244.0.7:9376"));
        }
        assertThat(sim.trace(tcp("10.244.1.9:40000", VIP), EntryPoint.PREROUTING, state).destination())
                .isEqualTo(HostPort.parse("10.244.0.7:9376"));
    }

    @Test
    void laterPacketsFollowTheirConnectionAndRepliesGetTheVirtualSource() {
        Simulator sim = IpvsNodes.hostnamesSimulator("rr");
        SimulationState state = new SimulationState(1);
        sim.trace(tcp("10.244.1.9:40000", VIP), EntryPoint.PREROUTING, state);
        Outcome again = sim.trace(tcp("10.244.1.9:40000", VIP), EntryPoint.PREROUTING, state);
        assertThat(again.destination()).isEqualTo(HostPort.parse("10.244.0.7:9376"));
        assertThat(modeSteps(again)).first().isEqualTo(
                "existing IPVS connection TCP 10.244.1.9:40000 -> 10.0.1.175:80 -> 10.244.0.7:9376 SYN_RECV at LOCAL_IN");
        Outcome reply = sim.trace(tcp("10.244.0.7:9376", HostPort.parse("10.244.1.9:40000")), EntryPoint.PREROUTING, state);
        assertThat(reply.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(reply.destination()).isEqualTo(HostPort.parse("10.244.1.9:40000"));
        assertThat(reply.hops()).filteredOn(s -> s instanceof Step.TransformStep).singleElement()
                .satisfies(s -> assertThat(((Step.TransformStep) s).after().sourceHostPort()).isEqualTo(VIP));
        assertThat(modeSteps(reply)).singleElement().asString().startsWith("reply of IPVS connection").contains("at FORWARD");
    }

    @Test
    void aPodReachingItselfIsMasqueradedByTheLoopBackSet() {
        Simulator sim = IpvsNodes.hostnamesSimulator("rr");
        Outcome o = sim.trace(tcp("10.244.0.7:40000", VIP), EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.0.7:9376"));
        assertThat(o.masquerade()).isTrue();
        assertThat(o.newSource()).isEqualTo(IpAddress.parse("10.244.0.1"));
        assertThat(o.hops()).filteredOn(s -> s instanceof Step.RuleStep r && r.action().equals("MASQUERADE")).singleElement()
                .satisfies(s -> {
                    Step.RuleStep r = (Step.RuleStep) s;
                    assertThat(r.chain()).isEqualTo("KUBE-POSTROUTING");
                    assertThat(r.ruleNumber()).isEqualTo(1);
                    assertThat(r.ruleText()).contains("--match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE");
                });
        assertThat(modeSteps(o)).anyMatch(s -> s.startsWith("hairpin: the real server is the client itself"));
        assertThat(OutcomeSummary.describe(o)).isEqualTo(
                "IPVS DNAT to 10.244.0.7:9376 (was 10.0.1.175:80), masqueraded: yes (source 10.244.0.1)");
        // another local pod is not masqueraded: neither in KUBE-LOOP-BACK nor marked
        Outcome other = sim.trace(tcp("10.244.0.5:40000", VIP), EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(other.masquerade()).isFalse();
    }

    @Test
    void wrrWithWeights432AddedOneByOne() {
        IpAddress vip = IpAddress.parse("10.0.9.9");
        VirtualServer vs = VirtualServer.kubeProxy(Protocol.TCP, vip, 80, "wrr", 0, 0, Frontend.CLUSTER_IP, "default/w")
                .withRealServers(List.of(RealServer.masq(IpAddress.parse("10.244.1.1"), 80, 4, null),
                        RealServer.masq(IpAddress.parse("10.244.1.2"), 80, 3, null),
                        RealServer.masq(IpAddress.parse("10.244.1.3"), 80, 2, null)));
        Cluster c = cluster(hostnames().build(), threeLocalPods());
        Simulator sim = IpvsSimulators.of(IpvsTable.of(List.of(vs)), List.of(), Map.of(), List.of(vip),
                ProtocolTimeouts.kernelDefaults(), NodeEnvironment.of(c, NODE));
        assertThat(picks(sim, new SimulationState(1), "10.244.0.5", new HostPort(vip, 80), 12, 0)).containsExactly(
                "10.244.1.1", "10.244.1.2", "10.244.1.3",
                "10.244.1.1", "10.244.1.1", "10.244.1.2", "10.244.1.1", "10.244.1.2", "10.244.1.3", "10.244.1.1",
                "10.244.1.2", "10.244.1.3");
    }

    /**
     * lc with connections the workload keeps open: an open connection counts 256, a closed one in TIME_WAIT 1, an
     * expired one nothing; ties go to the head of the list (the newest real server).
     */
    @Test
    void lcSeesConnectionsOpenCloseAndExpire() {
        Simulator sim = IpvsNodes.hostnamesSimulator("lc");
        SimulationState state = new SimulationState(1);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ConnectionLifetime.plan(state, 10_000);
            got.add(sim.trace(tcp("10.244.1.9:" + (40000 + i), VIP), EntryPoint.PREROUTING, state).destination().ip().toString());
            state.advanceMillis(i == 3 ? 9_000 : 1_000);
        }
        // t=0 .7, t=1 .6, t=2 .5, t=3 all busy: head .7; t=12: .7 open+TIME_WAIT (257), .6 and .5 TIME_WAIT (1): .6
        assertThat(got).containsExactly("10.244.0.7", "10.244.0.6", "10.244.0.5", "10.244.0.7", "10.244.0.6");
        state.advanceMillis(200_000);
        ConnectionLifetime.plan(state, 10_000);
        Outcome fresh = sim.trace(tcp("10.244.1.9:41000", VIP), EntryPoint.PREROUTING, state);
        assertThat(modeSteps(fresh)).contains("lc chose 10.244.0.7:9376 (weight 1, 0 active, 0 inactive)");
    }

    @Test
    void aLoneSynCountsAsInactiveForLeastConnection() {
        Simulator sim = IpvsNodes.hostnamesSimulator("lc");
        SimulationState state = new SimulationState(1);
        assertThat(picks(sim, state, "10.244.1.9", VIP, 4, 0)).containsExactly("10.244.0.7", "10.244.0.6", "10.244.0.5",
                "10.244.0.7");
        state.advanceMillis(61_000);
        Outcome o = sim.trace(tcp("10.244.1.9:42000", VIP), EntryPoint.PREROUTING, state);
        assertThat(modeSteps(o)).contains("lc chose 10.244.0.7:9376 (weight 1, 0 active, 0 inactive)");
    }

    @Test
    void clientIpAffinityIsPerVirtualServiceAndExpires() {
        Cluster c = cluster(hostnames().ports(List.of(new ServicePort("http", Protocol.TCP, 80, PortRef.of(9376), 0),
                        new ServicePort("alt", Protocol.TCP, 81, PortRef.of(9377), 0)))
                        .sessionAffinity(SessionAffinity.ClientIP, 600).build(), threeLocalPods(),
                List.of(new EndpointPort("http", Protocol.TCP, 9376), new EndpointPort("alt", Protocol.TCP, 9377)));
        Simulator sim = IpvsNodes.simulator(c, config("rr"), NODE);
        SimulationState state = new SimulationState(1);
        HostPort alt = HostPort.parse("10.0.1.175:81");
        assertThat(picks(sim, state, "10.244.1.9", VIP, 1, 0)).containsExactly("10.244.0.7");
        List<String> sticky = picks(sim, state, "10.244.1.8", VIP, 3, 1_000);
        assertThat(sticky).containsExactly("10.244.0.6", "10.244.0.6", "10.244.0.6");
        // the other port is another virtual service with its own template and scheduler
        assertThat(picks(sim, state, "10.244.1.8", alt, 2, 0)).containsExactly("10.244.0.7", "10.244.0.7");
        Outcome held = sim.trace(tcp("10.244.1.8:45000", VIP), EntryPoint.PREROUTING, state);
        assertThat(modeSteps(held)).contains("persistence template <TCP 10.244.1.8:0 -> 10.0.1.175:80> holds 10.244.0.6:9376:"
                + " the scheduler is not asked");
        assertThat(modeSteps(held)).anyMatch(s -> s.startsWith("ClientIP affinity: persistence keeps one template per client"));
        // 600 s after its last use, with its connections gone, the template expires and rr picks again
        state.advanceMillis(600_000);
        assertThat(picks(sim, state, "10.244.1.8", VIP, 1, 0)).containsExactly("10.244.0.5");
    }

    @Test
    void terminatingEndpointsDrainAtWeightZeroAndNoEndpointsRejects() {
        Simulator sim = IpvsNodes.simulator(cluster(hostnames().build(), List.of(ep("10.244.0.5", NODE, true, null),
                ep("10.244.0.6", NODE, true, null), ep("10.244.0.7", NODE, false, true))), config("rr"), NODE);
        assertThat(picks(sim, new SimulationState(1), "10.244.1.9", VIP, 3, 0))
                .containsExactly("10.244.0.6", "10.244.0.5", "10.244.0.6");

        Simulator none = IpvsNodes.simulator(cluster(hostnames().build(), List.of()), config("rr"), NODE);
        Outcome o = none.trace(tcp("10.244.1.9:40000", VIP), EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(OutcomeSummary.describe(o)).isEqualTo("REJECT by ipvs: rr found no destination available"
                + " (the virtual service has no real servers): ICMP port unreachable (ip_vs_leave)");
    }

    @Test
    void nodePortGoesThroughIpvsAndIsMasqueraded() {
        Cluster c = cluster(hostnames().type(ServiceType.NodePort)
                .ports(List.of(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 30080))).build(), threeLocalPods());
        Simulator sim = IpvsNodes.simulator(c, config("rr"), NODE);
        Outcome o = sim.trace(tcp("203.0.113.5:40000", HostPort.parse("10.240.0.2:30080")), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.0.7:9376"));
        assertThat(o.masquerade()).isTrue();
        assertThat(o.newSource()).isEqualTo(IpAddress.parse("10.244.0.1"));
        assertThat(modeSteps(o)).first().asString().startsWith("virtual service TCP 10.240.0.2:30080 rr (default/hostnames, node port)");
        assertThat(o.hops()).anyMatch(s -> s instanceof Step.RuleStep r && r.ruleText().contains("KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ"));
    }

    @Test
    void externalTrafficPolicyLocalIsNotMasqueradedAndFallsBackWithoutLocalEndpoints() {
        Cluster c = cluster(hostnames().type(ServiceType.NodePort).externalTrafficPolicy(TrafficPolicy.Local)
                .ports(List.of(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 30080))).build(),
                List.of(ep("10.244.1.5", OTHER, true, null)));
        Simulator far = IpvsNodes.simulator(c, config("rr"), NODE);
        Outcome o = far.trace(tcp("203.0.113.5:40000", HostPort.parse("10.240.0.2:30080")), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.1.5:9376"));
        assertThat(o.masquerade()).isFalse();
        assertThat(modeSteps(o)).anyMatch(s -> s.startsWith("externalTrafficPolicy: Local without an endpoint on this node:"
                + " kube-proxy gives the virtual service every endpoint"));
        Simulator near = IpvsNodes.simulator(c, config("rr"), OTHER);
        Outcome local = near.trace(tcp("203.0.113.5:40000", HostPort.parse("10.240.0.3:30080")), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(local.masquerade()).isFalse();
        assertThat(modeSteps(local)).anyMatch(s -> s.startsWith("externalTrafficPolicy: Local: the virtual service holds this"
                + " node's endpoints only, and KUBE-NODE-PORT-LOCAL-TCP"));
    }

    @Test
    void theNodesOwnConnectionsAreScheduledAtLocalOut() {
        Simulator sim = IpvsNodes.hostnamesSimulator("rr");
        Outcome o = sim.trace(tcp("10.0.1.175:40000", VIP), EntryPoint.OUTPUT, new SimulationState(1));
        assertThat(modeSteps(o)).first().asString().endsWith("takes the packet at LOCAL_OUT, after nat OUTPUT");
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.0.7:9376"));
        // the source is a cluster IP, so KUBE-SERVICES marks it and KUBE-POSTROUTING masquerades it
        assertThat(o.masquerade()).isTrue();
    }

    @Test
    void anUnmodelledSchedulerRunsAsRrAndIsUncertain() {
        Simulator sim = IpvsNodes.hostnamesSimulator("lblc");
        Outcome o = sim.trace(tcp("10.244.1.9:40000", VIP), EntryPoint.PREROUTING, new SimulationState(1));
        assertThat(o.uncertain()).isTrue();
        assertThat(o.destination()).isEqualTo(HostPort.parse("10.244.0.7:9376"));
        assertThat(o.hops()).contains(new Step.UncertainStep("ipvs scheduler lblc", "not modelled; kpsim schedules with rr"));
    }

    @Test
    void aPortToNoVirtualServiceIsRejectedByKubeIpvsFilterNotByIpvs() {
        Simulator sim = IpvsNodes.hostnamesSimulator("rr");
        Outcome o = sim.trace(tcp("10.244.1.9:40000", HostPort.parse("10.0.1.175:22")), EntryPoint.PREROUTING,
                new SimulationState(1));
        assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(OutcomeSummary.describe(o)).startsWith("REJECT in filter:KUBE-IPVS-FILTER rule ");
        assertThat(modeSteps(o)).isEmpty();
    }
}
