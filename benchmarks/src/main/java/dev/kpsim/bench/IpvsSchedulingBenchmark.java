package dev.kpsim.bench;

import dev.kpsim.core.config.IpvsSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.ipvs.IpvsMode;
import dev.kpsim.mode.ipvs.gen.IpvsDataPlane;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.mode.ipvs.sched.ScheduleRequest;
import dev.kpsim.mode.ipvs.sched.ServiceState;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * IPVS's part of a new connection: find the virtual service for (protocol, address, port) in the IPVS table
 * ({@code ip_vs_service_find}) and ask its scheduler for a real server ({@code ip_vs_schedule}), with kube-proxy's
 * ClusterIP virtual servers and the scheduler named by {@code scheduler} (rr is kube-proxy's default). Sources vary so
 * that the hashing schedulers (sh, mh) see different clients.
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class IpvsSchedulingBenchmark extends ClusterBenchmarkBase {
    private static final int REQUESTS = 4096;

    @Param({"rr", "wrr", "lc", "sh", "mh"})
    public String scheduler;

    private IpvsTable table;
    private Map<VirtualServer, ServiceState> states;
    private VirtualServer[] targets;
    private ScheduleRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        buildCluster();
        ProxyConfig cfg = cluster.config().toBuilder().mode("ipvs")
                .ipvs(new IpvsSettings(scheduler, false, List.of(), 0, 0, 0)).build();
        IpvsDataPlane dp = (IpvsDataPlane) new IpvsMode().generate(new ProxyInput(cluster.cluster(), cfg, cluster.nodeName()));
        table = dp.table();
        states = new IdentityHashMap<>();
        List<VirtualServer> clusterIps = table.services().stream().filter(v -> v.address().toString().startsWith("10.96.")).toList();
        for (VirtualServer v : clusterIps) {
            states.put(v, ServiceState.fromVirtualServer(v));
        }
        SplittableRandom r = new SplittableRandom(SEED);
        targets = new VirtualServer[REQUESTS];
        requests = new ScheduleRequest[REQUESTS];
        IpAddress firstClient = IpAddress.parse("10.128.0.2");
        for (int i = 0; i < REQUESTS; i++) {
            VirtualServer v = clusterIps.get(r.nextInt(clusterIps.size()));
            targets[i] = v;
            requests[i] = new ScheduleRequest(firstClient.plus(256L * r.nextInt(1000)), 32768 + i, v.address(), v.port());
        }
        cluster = null;
    }

    @Benchmark
    public void lookupAndSchedule(Blackhole bh) {
        int i = next;
        next = (i + 1) & (REQUESTS - 1);
        VirtualServer key = targets[i];
        VirtualServer v = table.lookup(key.protocol(), key.address(), key.port()).orElseThrow();
        bh.consume(states.get(v).schedule(requests[i]));
    }
}
