package dev.kpsim.mode.iptables;

import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * kube-proxy's handling of {@code --nodeport-addresses} for one IP family ({@code NodePortAddresses} in
 * {@code pkg/proxy/util/nodeport_addresses.go}, and the {@code primary} expansion in
 * {@code cmd/kube-proxy/app/server.go}).
 *
 * <p>CIDRs of the other family are ignored; no CIDR of this family means "all addresses" (the zero CIDR). The
 * node's interface addresses are modelled as its Node addresses plus the loopback address of each family, which
 * every Linux host has on {@code lo}. Matching addresses are returned sorted by text: kube-proxy collects them in
 * a Go map, so its order is not defined.
 *
 * @param matchAll             a zero CIDR is present: NodePorts work on every local address
 * @param containsIPv4Loopback a CIDR covers 127.0.0.0 (kube-proxy then keeps {@code localhostNodePorts})
 * @param cidrs                the CIDRs of this family, in configuration order
 */
record NodePortAddresses(boolean matchAll, boolean containsIPv4Loopback, List<Cidr> cidrs) {

    static final String PRIMARY = "primary";

    /** Builds the family's view of {@code configured} ({@code ProxyConfig.nodePortAddresses}) on {@code node}. */
    static NodePortAddresses of(List<String> configured, Optional<Node> node, IpFamily family) {
        List<String> strings = configured;
        if (configured.size() == 1 && configured.get(0).equals(PRIMARY)) {
            strings = new ArrayList<>();
            for (IpFamily f : IpFamily.values()) {
                Optional<IpAddress> ip = node.flatMap(n -> n.primaryIp(f));
                if (ip.isPresent() && !ip.get().isLoopback()) {
                    strings.add(Cidr.host(ip.get()).toString());
                }
            }
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String s : strings) {
            Cidr.tryParse(s.trim()).filter(c -> c.family() == family).ifPresent(cidrs::add);
        }
        if (cidrs.isEmpty()) {
            cidrs.add(new Cidr(family == IpFamily.IPV4 ? IpAddress.v4(0) : new IpAddress(IpFamily.IPV6, 0, 0), 0));
        }
        boolean loopback = false;
        boolean all = false;
        List<Cidr> kept = new ArrayList<>();
        IpAddress loopbackStart = IpAddress.v4(127, 0, 0, 0);
        for (Cidr c : cidrs) {
            if (family == IpFamily.IPV4 && (c.address().isLoopback() || c.contains(loopbackStart))) {
                loopback = true;
            }
            if (c.prefixLength() == 0) {
                kept = List.of(c);
                all = true;
                break;
            }
            kept.add(c);
        }
        return new NodePortAddresses(all, loopback, List.copyOf(kept));
    }

    /** The node's addresses (plus loopback) inside the CIDRs: {@code GetNodeIPs}, deduplicated, sorted by text. */
    List<IpAddress> nodeIps(Optional<Node> node, IpFamily family) {
        List<IpAddress> interfaceAddrs = new ArrayList<>();
        interfaceAddrs.add(family == IpFamily.IPV4 ? IpAddress.LOCALHOST_V4 : new IpAddress(IpFamily.IPV6, 0, 1));
        node.ifPresent(n -> interfaceAddrs.addAll(n.addresses()));
        TreeMap<String, IpAddress> found = new TreeMap<>();
        for (Cidr c : cidrs) {
            for (IpAddress ip : interfaceAddrs) {
                if (c.contains(ip)) {
                    found.put(ip.toString(), ip);
                }
            }
        }
        return List.copyOf(found.values());
    }
}
