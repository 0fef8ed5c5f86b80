package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.packet.Packet;

/**
 * What a {@link PacketInterceptor} may know about the packet in front of it and the node it is on. Valid only during
 * the {@link PacketInterceptor#intercept} call it was passed to.
 */
public interface InterceptContext {

    /** The packet's current headers (after every translation so far), with its mark and interfaces. */
    Packet packet();

    /**
     * True for the first packet of a connection in its original direction: conntrack had no entry for it (what an
     * IPVS scheduler or a listening socket treats as a new connection).
     */
    boolean firstPacket();

    /** True when the packet travels in the reply direction of a tracked connection. */
    boolean replyDirection();

    /**
     * True for a seeded trace, which may change the run's state; false while exploring every outcome, when the
     * interceptor must decide the same way but change nothing.
     */
    boolean commit();

    /** The run's state, where the interceptor keeps what changes (per {@link #nodeName()}). */
    SimulationState state();

    /** The simulated node. */
    String nodeName();

    /** The run's clock, milliseconds. */
    long nowMillis();

    /** True for an address of the node itself (its addresses, loopback, the bridge's, and extra local ones). */
    boolean isLocalAddress(IpAddress ip);

    /**
     * The source address the kernel picks for a new connection from the node to {@code destination}: the preferred
     * source of the route, i.e. the address of the interface the route leaves by (the bridge's toward a local pod,
     * the node's primary address toward the uplink, loopback toward the node itself); null when unknown.
     */
    IpAddress sourceAddressFor(IpAddress destination);
}
