package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;

/**
 * One of the two separate connections a userspace-proxied flow consists of: the client's connection that the portal
 * rules redirected to the proxy socket, or the proxier's own new connection from the node to the endpoint. Because the
 * second leg starts on the node, the endpoint sees the node's address as the source (source IP loss).
 */
public record Leg(HostPort source, HostPort destination, Protocol protocol) {

    @Override
    public String toString() {
        return protocol.lower() + " " + source + " -> " + destination;
    }
}
