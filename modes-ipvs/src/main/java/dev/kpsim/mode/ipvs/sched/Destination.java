package dev.kpsim.mode.ipvs.sched;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;

/**
 * The scheduling state of one IPVS destination during a simulation run ({@code struct ip_vs_dest}): weight,
 * {@code last_weight} (the latest non-zero weight, which mh uses), the overload flag and the connection counters.
 * Mutable and confined to the {@link ServiceState} that owns it; never shared between threads.
 */
public final class Destination {
    private final IpAddress address;
    private final int port;
    int weight;
    int lastWeight;
    boolean overloaded;
    int activeConns;
    int inactConns;
    int persistConns;

    Destination(IpAddress address, int port, int weight) {
        this.address = address;
        this.port = port;
        this.weight = weight;
        this.lastWeight = weight;
    }

    public IpAddress address() {
        return address;
    }

    public int port() {
        return port;
    }

    public int weight() {
        return weight;
    }

    public int lastWeight() {
        return lastWeight;
    }

    public boolean overloaded() {
        return overloaded;
    }

    public int activeConns() {
        return activeConns;
    }

    public int inactConns() {
        return inactConns;
    }

    public int persistConns() {
        return persistConns;
    }

    /** {@code ip_vs_dest_conn_overhead} ({@code include/net/ip_vs.h}): {@code (activeconns << 8) + inactconns}. */
    public int overhead() {
        return (activeConns << 8) + inactConns;
    }

    /** Available for new connections in rr/wrr/lc/wlc/sed/nq terms: weight above 0 and not overloaded. */
    boolean available() {
        return weight > 0 && !overloaded;
    }

    /**
     * Changes the connection counters the way binding, state changes and expiry do in the kernel
     * ({@code ip_vs_bind_dest}, the protocols' state transitions, {@code ip_vs_unbind_dest}).
     */
    public void adjustCounters(int active, int inactive, int persistent) {
        activeConns += active;
        inactConns += inactive;
        persistConns += persistent;
    }

    /** {@code ip:port}. */
    public String name() {
        return new HostPort(address, port).toString();
    }

    @Override
    public String toString() {
        return name() + " w=" + weight + " a=" + activeConns + " i=" + inactConns;
    }
}
