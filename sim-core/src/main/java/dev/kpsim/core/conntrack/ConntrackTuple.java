package dev.kpsim.core.conntrack;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;

/**
 * One direction of a tracked connection: protocol, source and destination address and port, as the kernel's
 * {@code struct nf_conntrack_tuple} holds them ({@code net/netfilter/nf_conntrack_core.c}). A connection has an
 * original tuple (as the first packet looked) and a reply tuple (what a reply must look like, after NAT).
 * Ports are 0 for protocols without ports.
 */
public record ConntrackTuple(Protocol protocol, IpAddress source, int sourcePort, IpAddress destination,
                             int destinationPort) {

    /** The tuple of a packet's current headers. */
    public static ConntrackTuple of(Packet p) {
        return new ConntrackTuple(p.protocol(), p.source(), p.sourcePort(), p.destination(), p.destinationPort());
    }

    /** The same flow seen from the other end (addresses and ports swapped). */
    public ConntrackTuple inverse() {
        return new ConntrackTuple(protocol, destination, destinationPort, source, sourcePort);
    }

    public HostPort sourceHostPort() {
        return new HostPort(source, sourcePort);
    }

    public HostPort destinationHostPort() {
        return new HostPort(destination, destinationPort);
    }

    /** {@code tcp 10.244.3.6:40000 > 10.0.1.175:80}, the way {@code conntrack -L} lists a direction, in short form. */
    @Override
    public String toString() {
        return protocol.lower() + " " + sourceHostPort() + " > " + destinationHostPort();
    }
}
