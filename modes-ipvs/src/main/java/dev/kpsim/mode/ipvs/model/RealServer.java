package dev.kpsim.mode.ipvs.model;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;

/**
 * One IPVS destination of a virtual server as {@code ipvsadm} shows it: address, port, forwarding method,
 * weight and the connection counters ({@code struct ip_vs_dest} in {@code include/net/ip_vs.h}). kube-proxy adds
 * real servers with weight 1 ({@code syncEndpoint}) and sets weight 0 while draining a removed endpoint
 * ({@code graceful_termination.go}).
 *
 * @param pod the backing pod ({@code namespace/name}) when generated from a cluster; null when unknown
 */
public record RealServer(IpAddress address, int port, ForwardMethod forward, int weight, int activeConns,
                         int inactConns, String pod) {

    public RealServer {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("real server port " + port + " is out of range 0-65535");
        }
        if (activeConns < 0 || inactConns < 0) {
            throw new IllegalArgumentException("connection counters cannot be negative");
        }
    }

    /** A kube-proxy destination: masquerading, the given weight, no connections yet. */
    public static RealServer masq(IpAddress address, int port, int weight, String pod) {
        return new RealServer(address, port, ForwardMethod.MASQ, weight, 0, 0, pod);
    }

    /** {@code ip:port} / {@code [ip6]:port}: ipvsadm's numeric destination name and kube-proxy's endpoint string. */
    public String name() {
        return new HostPort(address, port).toString();
    }

    /** This real server with other connection counters. */
    public RealServer withConnections(int active, int inactive) {
        return new RealServer(address, port, forward, weight, active, inactive, pod);
    }

    /** This real server with another weight (kube-proxy's graceful termination sets 0). */
    public RealServer withWeight(int newWeight) {
        return new RealServer(address, port, forward, newWeight, activeConns, inactConns, pod);
    }
}
