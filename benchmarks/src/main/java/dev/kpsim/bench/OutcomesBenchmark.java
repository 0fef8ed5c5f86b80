package dev.kpsim.bench;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exact enumeration: {@code outcomes} of a first packet to a random service, every path through the
 * {@code statistic} cascade with its exact probability (one walk per endpoint), the state untouched.
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class OutcomesBenchmark extends ClusterBenchmarkBase {
    private static final int PACKETS = 1024;

    private NetfilterSimulator sim;
    private Packet[] packets;
    private SimulationState state;
    private int next;

    @Setup
    public void setUp() {
        buildCluster();
        IptablesNode node = new IptablesNode(cluster);
        sim = node.simulator(false);
        packets = node.packetsToRandomServices(cluster, PACKETS, SEED);
        state = new SimulationState(SEED);
        cluster = null;
    }

    @Benchmark
    public void exactOutcomes(Blackhole bh) {
        int i = next;
        next = (i + 1) & (PACKETS - 1);
        bh.consume(sim.outcomes(packets[i], EntryPoint.PREROUTING, state));
    }
}
