package dev.kpsim.bench;

import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.CompiledRuleset;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.mode.iptables.IptablesDataPlane;
import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated node of a synthetic cluster in iptables mode, ready for packets: its kernel ruleset (payload plus
 * kube-proxy's jumps), its environment, the compiled or linear simulator without hop recording, and first packets
 * from a pod on the node to services picked at random (seeded).
 */
final class IptablesNode {
    final IptablesDataPlane dataPlane;
    final Ruleset ruleset;
    final NodeEnvironment environment;
    final IpAddress client;

    IptablesNode(SyntheticCluster cluster) {
        dataPlane = new IptablesMode().generate(cluster.proxyInput());
        ruleset = dataPlane.kernelRuleset(IpFamily.IPV4);
        environment = NodeEnvironment.of(cluster.cluster(), cluster.nodeName());
        client = cluster.cluster().pods().stream().filter(p -> cluster.nodeName().equals(p.nodeName()))
                .map(Pod::ips).map(l -> l.get(0)).findFirst().orElseThrow();
    }

    /** The compiled simulator ({@code linear == false}) or the linear reference, without hops. */
    NetfilterSimulator simulator(boolean linear) {
        CompiledRuleset compiled = linear ? CompiledRuleset.linear(ruleset) : CompiledRuleset.compile(ruleset);
        return NetfilterSimulator.of(compiled, environment).withHops(false);
    }

    /** {@code n} first packets to ClusterIP frontends chosen uniformly at random, source ports 32768, 32769, …. */
    Packet[] packetsToRandomServices(SyntheticCluster cluster, int n, long seed) {
        NodeProxyView view = cluster.proxyInput().view(IpFamily.IPV4);
        List<ServicePortEntry> ports = view.servicePorts();
        SplittableRandom r = new SplittableRandom(seed);
        Packet[] out = new Packet[n];
        for (int i = 0; i < n; i++) {
            ServicePortEntry e = ports.get(r.nextInt(ports.size()));
            out[i] = Packet.of(e.info().protocol(), new HostPort(client, 32768 + i),
                    new HostPort(e.info().clusterIp(), e.info().port()));
        }
        return out;
    }
}
