package dev.kpsim.mode.ipvs.conn;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.model.VirtualServerKey;
import dev.kpsim.mode.ipvs.sched.Destination;

/**
 * One entry of the IPVS connection table ({@code struct ip_vs_conn}): client, virtual address and port, the
 * virtual service and destination, the state, and when it expires on kpsim's clock (milliseconds). A persistence
 * template has client port 0 and state {@link ConnState#TEMPLATE}. A connection whose lifetime the workload planned
 * stays ESTABLISHED until {@link #closesAt()} and then lingers in TIME_WAIT. Mutable; owned by its
 * {@link ConnectionTable}.
 */
public final class IpvsConnection {
    private final Protocol protocol;
    private final IpAddress client;
    private final int clientPort;
    private final IpAddress virtualAddress;
    private final int virtualPort;
    private final VirtualServerKey service;
    private final Destination destination;
    ConnState state;
    long expiresAt;
    long closesAt = -1;
    long rearmMillis;
    int controlled;
    IpvsConnection control;
    boolean gone;
    long deadline;

    IpvsConnection(Protocol protocol, IpAddress client, int clientPort, IpAddress virtualAddress, int virtualPort,
                   VirtualServerKey service, Destination destination, ConnState state, long expiresAt) {
        this.protocol = protocol;
        this.client = client;
        this.clientPort = clientPort;
        this.virtualAddress = virtualAddress;
        this.virtualPort = virtualPort;
        this.service = service;
        this.destination = destination;
        this.state = state;
        this.expiresAt = expiresAt;
    }

    public Protocol protocol() {
        return protocol;
    }

    public IpAddress client() {
        return client;
    }

    public int clientPort() {
        return clientPort;
    }

    /** The address and port the client connected to (the virtual service's, or the packet's for fwmark services). */
    public HostPort virtual() {
        return new HostPort(virtualAddress, virtualPort);
    }

    public VirtualServerKey service() {
        return service;
    }

    public Destination destination() {
        return destination;
    }

    public ConnState state() {
        return state;
    }

    /** When the entry expires (ms), unless traffic the workload planned keeps it alive until {@link #closesAt()}. */
    public long expiresAt() {
        return expiresAt;
    }

    /** When the workload closes the connection (ms), or -1 if it did not plan its lifetime. */
    public long closesAt() {
        return closesAt;
    }

    public boolean isTemplate() {
        return state == ConnState.TEMPLATE;
    }

    /** {@code TCP 10.244.0.5:40000 -> 10.0.1.175:80 -> 10.244.0.7:9376 ESTABLISHED}, as {@code ipvsadm -Lnc} lists it. */
    @Override
    public String toString() {
        return protocol.name() + " " + new HostPort(client, clientPort) + " -> " + virtual() + " -> "
                + destination.name() + " " + state.ipvsadmName();
    }
}
