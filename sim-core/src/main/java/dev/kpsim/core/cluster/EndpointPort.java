package dev.kpsim.core.cluster;

import dev.kpsim.core.net.Protocol;

/** One {@code ports[]} entry of an EndpointSlice: name ("" if unnamed), protocol and target port number. */
public record EndpointPort(String name, Protocol protocol, int port) {
    public EndpointPort {
        name = name == null ? "" : name;
    }
}
