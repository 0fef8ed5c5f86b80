package dev.kpsim.mode.ipvs.sched;

import dev.kpsim.core.net.IpAddress;

/**
 * The packet facts a scheduler may look at ({@code struct ip_vs_iphdr} and the transport ports): sh and mh hash the
 * source address (and the source port with their {@code -port} flag), dh hashes the destination address; the
 * others look at no packet field.
 */
public record ScheduleRequest(IpAddress source, int sourcePort, IpAddress destination, int destinationPort) {
}
