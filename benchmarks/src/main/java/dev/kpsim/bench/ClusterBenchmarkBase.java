package dev.kpsim.bench;

import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The shape every kpsim benchmark shares: a synthetic cluster of {@code services} ClusterIP services with
 * {@code endpoints} endpoints each, built from a fixed seed in {@link #buildCluster()} (called from each benchmark's
 * trial setup, outside the measured region), so that every run measures the same cluster.
 */
@State(Scope.Benchmark)
public abstract class ClusterBenchmarkBase {
    /** The seed of every synthetic cluster and of every simulation state. */
    public static final long SEED = 42;

    @Param({"100", "1000", "10000"})
    public int services;

    @Param({"1", "10"})
    public int endpoints;

    protected SyntheticCluster cluster;

    /** Builds the cluster for the current parameters (iptables mode unless {@link #spec()} says otherwise). */
    protected void buildCluster() {
        cluster = SyntheticClusterGenerator.generate(spec());
    }

    protected SyntheticSpec spec() {
        return SyntheticSpec.of(services, endpoints).withSeed(SEED);
    }
}
