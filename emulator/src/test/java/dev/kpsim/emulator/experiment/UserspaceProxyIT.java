package dev.kpsim.emulator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.proxier.AffinityType;
import dev.kpsim.emulator.fixtures.Hostnames;
import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.emulator.userspace.ProxyServiceSpec;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The historical userspace mode for real (reference/userspace.md): portal rules redirect service traffic to a
 * real proxy in the node namespace, which connects to the endpoints itself — round robin, or sticky with ClientIP
 * affinity — so the pods see the node, not the client.
 */
class UserspaceProxyIT {

    private static final Destination VIP = new Destination(Hostnames.VIP, 80, Protocol.TCP);
    private static final TrafficSource CLIENT = new TrafficSource.FromPod("default", "client");
    private static final List<HostPort> ENDPOINTS = List.of(HostPort.parse("10.244.0.5:9376"), HostPort.parse("10.244.1.7:9376"),
            HostPort.parse("10.244.1.8:9376"));

    private static EmulationSetup setup(boolean affinity) {
        ProxyServiceSpec spec = new ProxyServiceSpec(new ServicePortName("default", "hostnames", "default", Protocol.TCP),
                new KubeProxyVersion(1, 25), 48577, ENDPOINTS, 0, affinity ? AffinityType.CLIENT_IP : AffinityType.NONE, 10800);
        return new EmulationSetup(Hostnames.cluster(), Hostnames.NODE_A,
                List.of(new DataPlaneLoad.Iptables(Hostnames.userspacePortals()), new DataPlaneLoad.UserspaceProxy(List.of(spec))),
                IptablesBackend.NFT, HairpinMode.HAIRPIN_VETH);
    }

    @Test
    void roundRobinThroughThePortalsAndDirectlyToTheProxyPort() {
        Preflight pf = Machine.assume(setup(false).needs());
        try (EmulationSession s = EmulationSession.open(setup(false), pf, AgentLauncher.current())) {
            EmulationResult r = s.run(Traffic.of(CLIENT, VIP, 6).withParallelism(1));
            assertThat(r.connections()).extracting(ConnectionRecord::pod)
                    .containsExactly(Hostnames.A1, Hostnames.B1, Hostnames.B2, Hostnames.A1, Hostnames.B1, Hostnames.B2);
            // source-IP loss: the local pod sees the bridge address, remote pods the node address
            assertThat(r.seenSources()).containsOnlyKeys(Hostnames.BRIDGE_A.toString(), Hostnames.NODE_A_IP.toString());
            assertThat(r.proxyLog()).filteredOn(l -> l.startsWith("mapped ")).hasSize(6)
                    .allMatch(l -> l.startsWith("mapped client=" + Hostnames.CLIENT_IP + ":"));
            assertThat(r.proxyLog()).filteredOn(l -> l.startsWith("pick ")).hasSize(6);
            // the node reaches the ClusterIP through KUBE-PORTALS-HOST's DNAT to nodeIP:proxyPort
            EmulationResult node = s.run(Traffic.of(new TrafficSource.FromNode(Hostnames.NODE_A), VIP, 3).withParallelism(1));
            assertThat(node.connections()).extracting(ConnectionRecord::pod).containsExactly(Hostnames.A1, Hostnames.B1, Hostnames.B2);
            // and the proxy port itself answers, as localhost:48577 does on the Debug Services page
            EmulationResult direct = s.run(Traffic.of(new TrafficSource.FromExternal(),
                    new Destination(Hostnames.NODE_A_IP, 48577, Protocol.TCP), 3).withParallelism(1));
            assertThat(direct.connections()).extracting(ConnectionRecord::pod).containsExactly(Hostnames.A1, Hostnames.B1, Hostnames.B2);
        }
    }

    @Test
    void clientIpAffinitySticksToOneEndpoint() {
        Preflight pf = Machine.assume(setup(true).needs());
        try (EmulationSession s = EmulationSession.open(setup(true), pf, AgentLauncher.current())) {
            EmulationResult r = s.run(Traffic.of(CLIENT, VIP, 8).withParallelism(1));
            assertThat(r.count(Verdict.ACCEPT)).isEqualTo(8);
            assertThat(r.perPod()).containsExactlyEntriesOf(Collections.singletonMap(Hostnames.A1, 8));
            // another client IP starts its own record at the next round-robin position
            EmulationResult ext = s.run(Traffic.of(new TrafficSource.FromExternal(), VIP, 4).withParallelism(1));
            assertThat(ext.perPod()).containsExactlyEntriesOf(Collections.singletonMap(Hostnames.B1, 4));
        }
    }
}
