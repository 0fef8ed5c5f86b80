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
 * A later packet of a tracked connection (a conntrack hit): the nat table is skipped and the connection's stored
 * translation is applied, as {@code nf_nat_inet_fn} does. 1,024 connections to random services are opened in the
 * setup and then taken in turn.
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class EstablishedConnectionBenchmark extends ClusterBenchmarkBase {
    private static final int CONNECTIONS = 1024;

    private NetfilterSimulator sim;
    private Packet[] packets;
    private SimulationState state;
    private int next;

    @Setup
    public void setUp() {
        buildCluster();
        IptablesNode node = new IptablesNode(cluster);
        sim = node.simulator(false);
        packets = node.packetsToRandomServices(cluster, CONNECTIONS, SEED);
        state = new SimulationState(SEED);
        for (Packet p : packets) {
            sim.trace(p, EntryPoint.PREROUTING, state);
        }
        cluster = null;
    }

    @Benchmark
    public void traceEstablished(Blackhole bh) {
        int i = next;
        next = (i + 1) & (CONNECTIONS - 1);
        bh.consume(sim.trace(packets[i], EntryPoint.PREROUTING, state));
    }
}
