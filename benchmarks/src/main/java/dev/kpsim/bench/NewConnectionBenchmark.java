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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Classifying a new connection: one seeded {@code trace} of a first packet from a pod to a random service, through
 * the whole node (conntrack, nat PREROUTING with the KUBE-SERVICES walk, the service and endpoint chains, DNAT,
 * FORWARD, POSTROUTING, conntrack insert). {@code compiled} is the indexed matcher, {@code linear} the reference
 * interpreter that walks every rule as the kernel does. Source ports cycle through 4,096 and the clock jumps past
 * conntrack's timeout at each wrap, so every packet is a new connection, as in {@code kpsim simulate}.
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class NewConnectionBenchmark extends ClusterBenchmarkBase {
    private static final int PACKETS = 4096;

    @Param({"compiled", "linear"})
    public String matcher;

    private NetfilterSimulator sim;
    private Packet[] packets;
    private SimulationState state;
    private int next;

    @Setup
    public void setUp() {
        buildCluster();
        IptablesNode node = new IptablesNode(cluster);
        sim = node.simulator(matcher.equals("linear"));
        packets = node.packetsToRandomServices(cluster, PACKETS, SEED);
        state = new SimulationState(SEED);
        cluster = null;
    }

    @Benchmark
    public void traceNewConnection(Blackhole bh) {
        int i = next;
        if (i == PACKETS) {
            i = 0;
            state.advanceMillis(200_000);
        }
        next = i + 1;
        bh.consume(sim.trace(packets[i], EntryPoint.PREROUTING, state));
    }
}
