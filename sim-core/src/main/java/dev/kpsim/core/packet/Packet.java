package dev.kpsim.core.packet;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;

/**
 * A packet's headers as netfilter sees them: protocol, addresses, ports, the skb mark, and the interfaces it came in
 * on / goes out of (null when not known yet). Immutable; transformations return a new packet.
 */
public record Packet(Protocol protocol, IpAddress source, int sourcePort, IpAddress destination, int destinationPort,
                     int mark, String inInterface, String outInterface) {

    public Packet {
        if (source.family() != destination.family()) {
            throw new IllegalArgumentException("source " + source + " and destination " + destination + " are of different IP families");
        }
        if (protocol.hasPorts() && (destinationPort < 1 || destinationPort > 65535)) {
            throw new IllegalArgumentException("a " + protocol.lower() + " packet needs a destination port within 1-65535, was " + destinationPort);
        }
        if (sourcePort < 0 || sourcePort > 65535) {
            throw new IllegalArgumentException("source port " + sourcePort + " is out of range 0-65535");
        }
    }

    /** A new connection's first packet from {@code src} to {@code dst}. */
    public static Packet of(Protocol protocol, HostPort src, HostPort dst) {
        return new Packet(protocol, src.ip(), src.port(), dst.ip(), dst.port(), 0, null, null);
    }

    public HostPort sourceHostPort() {
        return new HostPort(source, sourcePort);
    }

    public HostPort destinationHostPort() {
        return new HostPort(destination, destinationPort);
    }

    public Packet withDestination(IpAddress ip, int port) {
        return new Packet(protocol, source, sourcePort, ip, port, mark, inInterface, outInterface);
    }

    public Packet withSource(IpAddress ip, int port) {
        return new Packet(protocol, ip, port, destination, destinationPort, mark, inInterface, outInterface);
    }

    public Packet withMark(int m) {
        return new Packet(protocol, source, sourcePort, destination, destinationPort, m, inInterface, outInterface);
    }

    public Packet withInterfaces(String in, String out) {
        return new Packet(protocol, source, sourcePort, destination, destinationPort, mark, in, out);
    }

    /** The reply direction's headers (addresses and ports swapped, mark cleared). */
    public Packet reversed() {
        return new Packet(protocol, destination, destinationPort, source, sourcePort, 0, null, null);
    }

    @Override
    public String toString() {
        return protocol.lower() + " " + sourceHostPort() + " > " + destinationHostPort() + (mark != 0 ? " mark=0x" + Integer.toHexString(mark) : "");
    }
}
