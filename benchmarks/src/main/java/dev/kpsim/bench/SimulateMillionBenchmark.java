package dev.kpsim.bench;

import dev.kpsim.core.analysis.distribution.DistributionReport;
import dev.kpsim.core.analysis.distribution.DistributionRun;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.engine.EntryPoints;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code kpsim simulate} does after loading: 1,000,000 new connections from a pod on the node through the
 * iptables-mode node of the 10,000-service × 10-endpoint synthetic cluster, counted per endpoint (the distribution
 * report with its chi-square test). {@code oneService}: all to one ClusterIP ({@code simulate --service … --connections
 * 1000000}); {@code everyService}: 100 to each of the 10,000 ClusterIPs ({@code simulate --connections 100}). The
 * simulator is the one the CLI runs (the node's path with hairpin handling, no hops recorded).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SimulateMillionBenchmark {
    private static final int CONNECTIONS = 1_000_000;

    @Param({"oneService", "everyService"})
    public String spread;

    private Simulator sim;
    private List<Packet> frontends;
    private EntryPoint entry;

    @Setup
    public void setUp() {
        SyntheticCluster cluster = SyntheticClusterGenerator.generate(
                SyntheticSpec.of(10_000, 10).withSeed(ClusterBenchmarkBase.SEED));
        NodeEnvironment env = NodeEnvironment.of(cluster.cluster(), cluster.nodeName());
        sim = new IptablesMode().generate(cluster.proxyInput()).simulator(env).orElseThrow().withoutHops();
        IptablesNode node = new IptablesNode(cluster);
        frontends = new ArrayList<>();
        for (ServicePortEntry e : cluster.proxyInput().view(IpFamily.IPV4).servicePorts()) {
            frontends.add(Packet.of(e.info().protocol(), new HostPort(node.client, 32768),
                    new HostPort(e.info().clusterIp(), e.info().port())));
            if (spread.equals("oneService")) {
                break;
            }
        }
        entry = EntryPoints.defaultFor(frontends.get(0), env);
    }

    @Benchmark
    public List<DistributionReport> simulateMillionConnections() {
        int each = CONNECTIONS / frontends.size();
        List<DistributionReport> reports = new ArrayList<>(frontends.size());
        for (Packet p : frontends) {
            reports.add(DistributionRun.simulate(sim, p, entry, each, ClusterBenchmarkBase.SEED));
        }
        return reports;
    }
}
