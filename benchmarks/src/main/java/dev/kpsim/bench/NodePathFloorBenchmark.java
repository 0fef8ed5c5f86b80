package dev.kpsim.bench;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor under {@link NewConnectionBenchmark} and {@link EstablishedConnectionBenchmark}: the same packets through
 * the same node with no rules at all, so everything but the chain walks is measured — conntrack lookup and insert (or
 * refresh), routing, the hook sequence and the outcome. The difference to the full benchmarks is the cost of the
 * rules kube-proxy's tables make each packet evaluate.
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class NodePathFloorBenchmark extends ClusterBenchmarkBase {
    private static final int PACKETS = 4096;

    @Param({"new", "established"})
    public String connection;

    private NetfilterSimulator sim;
    private Packet[] packets;
    private SimulationState state;
    private boolean established;
    private int next;

    @Setup
    public void setUp() {
        buildCluster();
        IptablesNode node = new IptablesNode(cluster);
        sim = NetfilterSimulator.of(new Ruleset(IpFamily.IPV4, List.of()), node.environment).withHops(false);
        established = connection.equals("established");
        packets = node.packetsToRandomServices(cluster, established ? 1024 : PACKETS, SEED);
        state = new SimulationState(SEED);
        if (established) {
            for (Packet p : packets) {
                sim.trace(p, EntryPoint.PREROUTING, state);
            }
        }
        cluster = null;
    }

    @Benchmark
    public void traceWithoutRules(Blackhole bh) {
        int i = next;
        if (i == packets.length) {
            i = 0;
            if (!established) {
                state.advanceMillis(200_000);
            }
        }
        next = i + 1;
        bh.consume(sim.trace(packets[i], EntryPoint.PREROUTING, state));
    }
}
