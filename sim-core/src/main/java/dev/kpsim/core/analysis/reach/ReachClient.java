package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.List;
import java.util.Optional;

/**
 * Where a connection comes from: a pod (sent from its own node, entering at PREROUTING through its veth), a node's host
 * network (a process on the node, entering at OUTPUT), or a client outside the cluster whose packets arrive at one
 * node through its uplink (entering at PREROUTING).
 *
 * @param id         stable identifier in the matrix ({@code C1}, {@code C2}, …)
 * @param name       {@code pod default/web-1}, {@code host node-1}, {@code external 192.0.2.100}
 * @param node       the pod's or host's node; for an external client, the node its packets arrive at
 * @param addresses  one per family the client has
 * @param insideRange for an external client chosen inside a loadBalancerSourceRanges CIDR, that CIDR; else null
 */
public record ReachClient(String id, Kind kind, String name, String node, List<IpAddress> addresses, String insideRange) {

    /** What kind of client. */
    public enum Kind {
        POD, HOST, EXTERNAL
    }

    public ReachClient {
        addresses = List.copyOf(addresses);
    }

    /** The client's address of {@code family}, if it has one. */
    public Optional<IpAddress> address(IpFamily family) {
        return addresses.stream().filter(a -> a.family() == family).findFirst();
    }
}
