package dev.kpsim.emulator.userspace;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.userspace.proxier.AffinityPolicy;
import dev.kpsim.mode.userspace.proxier.BalancerState;
import dev.kpsim.mode.userspace.proxier.LoadBalancerRR;
import dev.kpsim.mode.userspace.proxier.Rng;
import java.time.Duration;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The real userspace proxy's endpoint choice for one service port: kpsim's own model of kube-proxy's
 * {@code LoadBalancerRR} ({@code pkg/proxy/userspace/roundrobin.go}, historical, removed in 1.26), started from the
 * generated {@link ProxyServiceSpec} state and advanced on a real clock (time since the proxy started). Because the
 * simulator runs the very same {@link LoadBalancerRR} from the same state, the real proxy and the simulated proxier
 * pick the same endpoint for the same sequence of clients. Thread-safe (one lock, as the proxier's mutex).
 */
public final class BalancerPicker {

    /**
     * One {@code NextEndpoint} result.
     *
     * @param endpoint     the endpoint, or null when there is none ({@code error} says why)
     * @param fromAffinity true when a live ClientIP record chose it
     * @param at           when, as time since the proxy started
     */
    public record Pick(HostPort endpoint, String error, boolean fromAffinity, Duration at) {
    }

    private final ProxyServiceSpec spec;
    private final LongSupplier nanoClock;
    private final long start;
    private LoadBalancerRR balancer;

    /**
     * @param nanoClock monotonic clock ({@code System::nanoTime} outside tests); its value now is time zero
     */
    public BalancerPicker(ProxyServiceSpec spec, LongSupplier nanoClock) {
        this.spec = spec;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        TreeMap<ServicePortName, BalancerState> m = new TreeMap<>();
        m.put(spec.name(), new BalancerState(spec.endpoints(), spec.index(), AffinityPolicy.empty(spec.affinity(), spec.ttlSeconds())));
        this.balancer = new LoadBalancerRR(spec.version(), m, Rng.seeded(0, 0));
    }

    /**
     * The endpoint for a new connection from {@code client}.
     *
     * @param affinityReset true on a retry after a failed dial: the affinity record is ignored (and rewritten)
     */
    public synchronized Pick next(IpAddress client, boolean affinityReset) {
        Duration at = Duration.ofNanos(nanoClock.getAsLong() - start);
        LoadBalancerRR.Pick p = balancer.nextEndpoint(spec.name(), client, affinityReset, at);
        balancer = p.next();
        return new Pick(p.endpoint(), p.error(), p.fromAffinity(), at);
    }
}
