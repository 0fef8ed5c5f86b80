package dev.kpsim.mode.ipvs.gen;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.List;
import java.util.TreeSet;

/**
 * The node addresses kube-proxy's IPVS proxier creates NodePort virtual servers on. kpsim knows a node's addresses
 * from its Node object, not its interfaces. Current versions take every local address except those on kube-ipvs0,
 * loopback and IPv6 link-local excluded ({@code GetAllLocalAddressesExcept} + {@code isValidForSet} in
 * {@code pkg/proxy/ipvs/netlink_linux.go}), or with {@code nodePortAddresses} the matching addresses minus
 * loopback; v1.18 also listed {@code 127.0.0.1} (its {@code ip route show table local} example). The result is
 * sorted (kube-proxy iterates a Go set, in random order).
 */
final class NodeAddresses {
    private NodeAddresses() {
    }

    static List<IpAddress> forNodePorts(List<IpAddress> nodeIps, IpFamily family, List<String> nodePortAddresses,
                                        IpvsFlavour flavour) {
        TreeSet<IpAddress> out = new TreeSet<>();
        if (nodePortAddresses.isEmpty()) {
            out.addAll(nodeIps);
            if (flavour == IpvsFlavour.V1_18 && family == IpFamily.IPV4) {
                out.add(IpAddress.LOCALHOST_V4);
            }
        } else {
            for (String s : nodePortAddresses) {
                if (s.equals("primary")) {
                    if (!nodeIps.isEmpty()) {
                        out.add(nodeIps.get(0));
                    }
                    continue;
                }
                Cidr.tryParse(s).filter(c -> c.family() == family).ifPresent(c -> {
                    for (IpAddress ip : nodeIps) {
                        if (c.contains(ip)) {
                            out.add(ip);
                        }
                    }
                    if (flavour == IpvsFlavour.V1_18 && c.contains(IpAddress.LOCALHOST_V4)) {
                        out.add(IpAddress.LOCALHOST_V4);
                    }
                });
            }
        }
        if (flavour == IpvsFlavour.CURRENT) {
            out.removeIf(a -> a.isLoopback() || (!a.isV4() && (a.hi() >>> 54) == 0x3FAL));
        }
        return List.copyOf(out);
    }
}
