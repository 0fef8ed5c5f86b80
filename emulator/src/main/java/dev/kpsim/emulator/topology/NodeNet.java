package dev.kpsim.emulator.topology;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import java.util.List;

/**
 * One emulated node: its namespace, its addresses (on its uplink {@code eth0}, as /32 or /128), its pod CIDRs
 * and the {@code cni0} bridge gateway address for each (the CIDR's first address, as the bridge CNI's
 * {@code isGateway} sets it), and the name of its uplink's peer port on the fabric bridge.
 *
 * @param gateways one per family in use; the first address of the pod CIDR, or a link-local stand-in
 *                 (169.254.1.1, fe80::1) when the node has no pod CIDR of that family
 */
public record NodeNet(String name, String namespace, boolean underTest, List<IpAddress> addresses, List<Cidr> podCidrs,
                      List<InterfaceAddress> gateways, String fabricPort) {

    public NodeNet {
        addresses = List.copyOf(addresses);
        podCidrs = List.copyOf(podCidrs);
        gateways = List.copyOf(gateways);
    }

    /** The first address of the family, if any. */
    public java.util.Optional<IpAddress> primary(dev.kpsim.core.net.IpFamily family) {
        return addresses.stream().filter(a -> a.family() == family).findFirst();
    }
}
