package dev.kpsim.mode.ipvs.sched;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The runtime of one IPVS virtual service during a simulation: its destination list in kernel order (head first),
 * its scheduler's state, and the kernel's list operations ({@code ip_vs_add_dest} / {@code ip_vs_del_dest} /
 * {@code ip_vs_edit_dest} in {@code ip_vs_ctl.c}) that notify the scheduler. Mutable; owned by one simulation run.
 *
 * <p>{@link #fromVirtualServer} replays what happened on the node: the service is created empty (the scheduler's
 * {@code init_service}), then each destination is added one at a time so that the final list equals the virtual
 * server's kernel order. The replay matters: wrr, for one, ends up in a different state than if it were initialised
 * with all destinations at once.
 */
public final class ServiceState {
    private final List<Destination> dests = new ArrayList<>();
    private final List<Destination> view = Collections.unmodifiableList(dests);
    private final Scheduler scheduler;

    /** An empty service with this scheduler ({@code init_service} runs now). */
    public ServiceState(Scheduler scheduler) {
        this.scheduler = scheduler;
        scheduler.init(view);
    }

    /**
     * A service state as the kernel holds it after kube-proxy created {@code vs} and added its destinations: added
     * from the tail of {@link VirtualServer#realServers()} to its head.
     *
     * @throws IllegalArgumentException if the scheduler is not modelled ({@link Schedulers#SUPPORTED})
     */
    public static ServiceState fromVirtualServer(VirtualServer vs) {
        Scheduler s = Schedulers.create(vs.scheduler(), vs.flags()).orElseThrow(() -> new IllegalArgumentException(
                "scheduler '" + vs.scheduler() + "' is not modelled; kpsim simulates " + Schedulers.SUPPORTED));
        ServiceState st = new ServiceState(s);
        List<RealServer> rs = vs.realServers();
        for (int i = rs.size() - 1; i >= 0; i--) {
            RealServer r = rs.get(i);
            Destination d = st.add(r.address(), r.port(), r.weight());
            d.activeConns = r.activeConns();
            d.inactConns = r.inactConns();
        }
        return st;
    }

    /** The destination list, head first (read-only view). */
    public List<Destination> destinations() {
        return view;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** {@code ip_vs_add_dest}: a new destination at the head of the list. */
    public Destination add(IpAddress address, int port, int weight) {
        if (find(address, port).isPresent()) {
            throw new IllegalArgumentException("destination " + address + ":" + port + " already exists");
        }
        Destination d = new Destination(address, port, weight);
        dests.add(0, d);
        scheduler.added(view, d);
        return d;
    }

    /** {@code ip_vs_del_dest}: unlinks a destination (its connections are the caller's business). */
    public void remove(Destination d) {
        int idx = dests.indexOf(d);
        if (idx < 0) {
            throw new IllegalArgumentException("destination " + d.name() + " is not in this service");
        }
        dests.remove(idx);
        scheduler.deleted(view, d, idx);
    }

    /** {@code ip_vs_edit_dest} of the weight: keeps {@code last_weight} at the latest non-zero weight. */
    public void setWeight(Destination d, int weight) {
        if (weight != 0) {
            d.lastWeight = weight;
        }
        d.weight = weight;
        scheduler.updated(view, d);
    }

    /** Marks a destination overloaded ({@code IP_VS_DEST_F_OVERLOAD}) or not; kube-proxy never sets thresholds. */
    public void setOverloaded(Destination d, boolean overloaded) {
        d.overloaded = overloaded;
    }

    /** Sets the connection counters directly (for what-if scenarios and tests). */
    public void setConnections(Destination d, int active, int inactive) {
        d.activeConns = active;
        d.inactConns = inactive;
    }

    public Optional<Destination> find(IpAddress address, int port) {
        return dests.stream().filter(d -> d.address().equals(address) && d.port() == port).findFirst();
    }

    /** The scheduler's pick for a new connection; empty means "no destination available" (the packet is dropped). */
    public Optional<Destination> schedule(ScheduleRequest request) {
        return scheduler.schedule(view, request);
    }

    /** What {@link #schedule} would pick now, leaving the scheduler as it was (for exploring outcomes). */
    public Optional<Destination> peek(ScheduleRequest request) {
        Object saved = scheduler.checkpoint();
        try {
            return scheduler.schedule(view, request);
        } finally {
            scheduler.rollback(saved);
        }
    }
}
