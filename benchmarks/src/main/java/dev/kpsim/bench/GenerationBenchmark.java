package dev.kpsim.bench;

import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.mode.ipvs.IpvsMode;
import dev.kpsim.mode.nftables.NftablesMode;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
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
 * What kube-proxy does on every full sync, per mode: build its view of services and endpoints, write the rules, and
 * render them in the text the kernel tools load ({@code iptables-restore} payload; {@code ipvsadm-save}, {@code ipset}
 * and iptables payloads; the {@code nft -f} transaction). One operation is one node's whole data plane.
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class GenerationBenchmark extends ClusterBenchmarkBase {

    @Param({"iptables", "ipvs", "nftables"})
    public String mode;

    private ProxyMode proxyMode;
    private ProxyInput input;
    private List<String> formats;

    @Setup
    public void setUp() {
        buildCluster();
        input = cluster.proxyInput();
        switch (mode) {
            case "iptables" -> {
                proxyMode = new IptablesMode();
                formats = List.of("restore");
            }
            case "ipvs" -> {
                proxyMode = new IpvsMode();
                formats = List.of("ipvsadm-save", "ipset", "iptables");
            }
            case "nftables" -> {
                proxyMode = new NftablesMode();
                formats = List.of("nft-f");
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    @Override
    protected SyntheticSpec spec() {
        return super.spec().withMode(mode);
    }

    @Benchmark
    public void generateAndRender(Blackhole bh) {
        DataPlane dp = proxyMode.generate(input);
        for (String f : formats) {
            bh.consume(dp.render(f));
        }
    }
}
