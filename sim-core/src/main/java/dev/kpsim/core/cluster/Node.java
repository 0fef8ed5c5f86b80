package dev.kpsim.core.cluster;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import java.util.List;

/**
 * A Kubernetes Node: its name, its own addresses (every InternalIP and ExternalIP of {@code status.addresses},
 * in order) and its pod CIDRs ({@code spec.podCIDRs}). The first address is the node's primary IP.
 */
public record Node(String name, List<IpAddress> addresses, List<Cidr> podCidrs, String zone, SourceLocation location) {
    public Node {
        addresses = List.copyOf(addresses);
        podCidrs = List.copyOf(podCidrs);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** The node's first address of the family, if any. */
    public java.util.Optional<IpAddress> primaryIp(dev.kpsim.core.net.IpFamily family) {
        return addresses.stream().filter(a -> a.family() == family).findFirst();
    }
}
