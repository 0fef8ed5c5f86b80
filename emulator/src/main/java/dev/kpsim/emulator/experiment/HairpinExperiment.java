package dev.kpsim.emulator.experiment;

import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.emulator.topology.PodNet;
import dev.kpsim.emulator.topology.TopologyPlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hairpin experiment of issue 5: every pod on the node under test that backs a service connects to that
 * service's address under each kubelet hairpin mode. The session's hairpin mode is switched for each mode and
 * restored afterwards. Cost: one client JVM per (pod, mode).
 */
public final class HairpinExperiment {

    private HairpinExperiment() {
    }

    /**
     * The emulated pods on the node under test whose addresses are endpoints of {@code service} (any port), in
     * slice order.
     */
    public static List<String> localBackingPods(EmulationSession session, Service service) {
        TopologyPlan plan = session.topology().plan();
        String node = plan.nodeUnderTest().name();
        Set<String> pods = new LinkedHashSet<>();
        session.setup().cluster().slicesOf(service).forEach(slice -> {
            for (SliceEndpoint e : slice.endpoints()) {
                for (IpAddress ip : e.addresses()) {
                    plan.podByIp(ip).filter(p -> p.nodeName().equals(node) && !p.hostNetwork()).map(PodNet::key).ifPresent(pods::add);
                }
            }
        });
        return List.copyOf(pods);
    }

    /**
     * Runs {@code connections} connections from each pod to {@code destination} under each mode.
     *
     * @return one observation per (pod, mode), pods outer, modes inner, in the given orders
     */
    public static List<HairpinObservation> run(EmulationSession session, Destination destination, List<String> pods,
                                               List<HairpinMode> modes, int connections, long seed) {
        HairpinMode original = session.topology().hairpinMode();
        List<HairpinObservation> r = new ArrayList<>();
        try {
            for (String pod : pods) {
                int slash = pod.indexOf('/');
                TrafficSource src = new TrafficSource.FromPod(pod.substring(0, slash), pod.substring(slash + 1));
                for (HairpinMode m : modes) {
                    session.hairpinMode(m);
                    Traffic t = Traffic.of(src, destination, connections).withParallelism(Math.min(connections, 20)).withSeed(seed);
                    r.add(new HairpinObservation(pod, m, session.run(t)));
                }
            }
        } finally {
            session.hairpinMode(original);
        }
        return r;
    }
}
