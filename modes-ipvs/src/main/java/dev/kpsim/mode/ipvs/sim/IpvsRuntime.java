package dev.kpsim.mode.ipvs.sim;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.mode.ipvs.conn.ConnectionTable;
import dev.kpsim.mode.ipvs.conn.ProtocolTimeouts;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.mode.ipvs.model.VirtualServerKey;
import dev.kpsim.mode.ipvs.sched.RoundRobin;
import dev.kpsim.mode.ipvs.sched.Schedulers;
import dev.kpsim.mode.ipvs.sched.ServiceState;
import java.util.HashMap;
import java.util.Map;

/**
 * What the IPVS code of one node's kernel holds during a simulation run: per virtual service its destination list
 * and scheduler state ({@link ServiceState}, created on first use as the kernel holds it after kube-proxy's sync), and
 * the connection table with persistence templates. Kept in the run's {@link SimulationState}, one per node name;
 * mutable and confined to the run's thread.
 */
public final class IpvsRuntime {
    private final Map<VirtualServerKey, ServiceState> services = new HashMap<>();
    private final ConnectionTable connections;

    private IpvsRuntime(ProtocolTimeouts timeouts) {
        this.connections = new ConnectionTable(timeouts);
    }

    /** The runtime of {@code nodeName} in {@code state}, created empty on first use. */
    public static IpvsRuntime of(SimulationState state, String nodeName, ProtocolTimeouts timeouts) {
        return state.part(PerNode.class, PerNode::new).byNode.computeIfAbsent(nodeName == null ? "" : nodeName,
                n -> new IpvsRuntime(timeouts));
    }

    /** The connection table. */
    public ConnectionTable connections() {
        return connections;
    }

    /**
     * The kernel state of {@code vs}; a scheduler kpsim does not model runs as {@code rr} (the caller says so in the
     * trace).
     */
    public ServiceState service(VirtualServer vs) {
        return services.computeIfAbsent(vs.key(), k -> Schedulers.SUPPORTED.contains(vs.scheduler())
                ? ServiceState.fromVirtualServer(vs)
                : ServiceState.fromVirtualServer(vs.withScheduler(new RoundRobin().name())));
    }

    /** The container stored in the simulation state. */
    private static final class PerNode {
        private final Map<String, IpvsRuntime> byNode = new HashMap<>();
    }
}
