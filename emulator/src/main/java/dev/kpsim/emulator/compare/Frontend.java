package dev.kpsim.emulator.compare;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.List;

/**
 * One address where kube-proxy on the node under test serves a service port — a ClusterIP, a NodePort on one of the
 * node's addresses, an external IP or a load-balancer IP — or an address given by hand ({@code --dst}).
 *
 * @param servicePort   the ServicePortName ({@code default/hostnames}), or "" for an address given by hand
 * @param sourceRanges  the service's {@code loadBalancerSourceRanges} (for load-balancer IPs; empty otherwise)
 * @param endpoints     the service port's endpoint addresses (every endpoint, ready or not; empty by hand)
 */
public record Frontend(Kind kind, String servicePort, Protocol protocol, HostPort address, List<Cidr> sourceRanges,
                       List<IpAddress> endpoints) {

    /** What kind of address it is. */
    public enum Kind {
        CLUSTER_IP("cluster IP"),
        NODE_PORT("node port"),
        EXTERNAL_IP("external IP"),
        LOAD_BALANCER_IP("load-balancer IP"),
        ADDRESS("address");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** {@code cluster IP}, {@code node port}, … */
        public String words() {
            return words;
        }
    }

    public Frontend {
        sourceRanges = List.copyOf(sourceRanges);
        endpoints = List.copyOf(endpoints);
    }

    /** {@code default/hostnames cluster IP 10.0.1.175:80/TCP}, or {@code 10.0.1.175:80/TCP}. */
    public String describe() {
        String a = address + "/" + protocol.name();
        return kind == Kind.ADDRESS ? a : servicePort + " " + kind.words() + " " + a;
    }
}
