package dev.kpsim.mode.ipvs.conn;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.model.VirtualServerKey;
import dev.kpsim.mode.ipvs.sched.Destination;

/**
 * One entry of the IPVS connection table ({@code struct ip_vs_conn}): client, virtual service and destination, the
 * state, and when it expires on kpsim's logical clock (seconds). A persistence template has client port 0 and
 * state {@link ConnState#TEMPLATE}. Mutable; owned by its {@link ConnectionTable}.
 */
public final class IpvsConnection {
    private final Protocol protocol;
    private final IpAddress client;
    private final int clientPort;
    private final VirtualServerKey service;
    private final Destination destination;
    ConnState state;
    long expiresAt;
    int controlled;
    IpvsConnection control;

    IpvsConnection(Protocol protocol, IpAddress client, int clientPort, VirtualServerKey service,
                   Destination destination, ConnState state, long expiresAt) {
        this.protocol = protocol;
        this.client = client;
        this.clientPort = clientPort;
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

    public VirtualServerKey service() {
        return service;
    }

    public Destination destination() {
        return destination;
    }

    public ConnState state() {
        return state;
    }

    public long expiresAt() {
        return expiresAt;
    }

    public boolean isTemplate() {
        return state == ConnState.TEMPLATE;
    }
}
