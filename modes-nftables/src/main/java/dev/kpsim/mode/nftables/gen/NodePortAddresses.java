package dev.kpsim.mode.nftables.gen;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-proxy's {@code --nodeport-addresses} for one family ({@code pkg/proxy/util/nodeport_addresses.go}) as the
 * nftables proxier uses it. In nftables mode an empty list means {@code primary} (kube-proxy's default for that mode):
 * NodePorts are accepted only on the node's primary IP. CIDRs select the node addresses inside them; a zero CIDR
 * ({@code 0.0.0.0/0}, {@code ::/0}) matches every local address ({@link #matchAll}); CIDRs only of the other family
 * select loopback, which kube-proxy refuses, leaving no NodePort address.
 *
 * @param matchAll true when every local address accepts NodePorts (no {@code nodeport-ips} set is written)
 * @param ips      the addresses for {@code nodeport-ips} when not {@code matchAll}
 */
public record NodePortAddresses(boolean matchAll, List<IpAddress> ips) {

    public NodePortAddresses {
        ips = List.copyOf(ips);
    }

    /** Resolves the configured list for {@code family}; {@code nodeIps} are the node's addresses, primary first. */
    public static NodePortAddresses resolve(List<String> configured, IpFamily family, List<IpAddress> nodeIps) {
        List<String> entries = configured.isEmpty() ? List.of("primary") : configured;
        List<Cidr> cidrs = new ArrayList<>();
        boolean primary = false;
        for (String s : entries) {
            if (s.equals("primary")) {
                primary = true;
                continue;
            }
            Cidr.tryParse(s).filter(c -> c.family() == family).ifPresent(cidrs::add);
        }
        if (cidrs.stream().anyMatch(c -> c.prefixLength() == 0)) {
            return new NodePortAddresses(true, List.of());
        }
        List<IpAddress> out = new ArrayList<>();
        List<IpAddress> ofFamily = nodeIps.stream().filter(ip -> ip.family() == family).toList();
        if (primary && !ofFamily.isEmpty()) {
            out.add(ofFamily.get(0));
        }
        for (IpAddress ip : ofFamily) {
            if (!ip.isLoopback() && cidrs.stream().anyMatch(c -> c.contains(ip)) && !out.contains(ip)) {
                out.add(ip);
            }
        }
        return new NodePortAddresses(false, out);
    }
}
