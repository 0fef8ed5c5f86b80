package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;

/**
 * The default entry hook of a packet on a node: a packet whose source is one of the node's own addresses (or
 * loopback) was sent by a process on the node and enters at OUTPUT; any other arrives from a pod or from outside and
 * enters at PREROUTING ({@code net/ipv4/ip_output.c} vs {@code ip_input.c}).
 */
public final class EntryPoints {
    private EntryPoints() {
    }

    public static EntryPoint defaultFor(Packet packet, NodeEnvironment env) {
        return new Interfaces(env).isNodeAddress(packet.source()) ? EntryPoint.OUTPUT : EntryPoint.PREROUTING;
    }
}
