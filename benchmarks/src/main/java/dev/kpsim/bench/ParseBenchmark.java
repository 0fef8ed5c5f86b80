package dev.kpsim.bench;

import dev.kpsim.core.netfilter.save.IptablesParser;
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
 * Reading a node's dump back: {@link IptablesParser#parseDumps} on the iptables-restore payload kube-proxy would
 * write for the cluster (what {@code kpsim trace --iptables-save} does with a real node's dump of that size).
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class ParseBenchmark extends ClusterBenchmarkBase {
    private String dump;

    @Setup
    public void setUp() {
        buildCluster();
        dump = new IptablesNode(cluster).dataPlane.render("restore");
        cluster = null;
    }

    @Benchmark
    public void parseDump(Blackhole bh) {
        bh.consume(IptablesParser.parseDumps(dump, "dump"));
    }
}
