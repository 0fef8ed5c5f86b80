package dev.kpsim.mode.iptables;

import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.List;
import java.util.Optional;

/**
 * What one single-stack proxier ({@code NewProxier} for one IP family in {@code pkg/proxy/iptables/proxier.go})
 * knows while it writes its payload: the flavour, the mark text, the local-traffic detector, the effective
 * {@code localhostNodePorts}, the nfacct counters it could ensure, the node IP and the NodePort destinations.
 *
 * @param mark             the mark value text ({@code 0x00004000}; {@code 0x00004000/0x00004000} in paired flavours)
 * @param localhostNodePorts effective: configured, IPv4, and not excluded by {@code nodePortAddresses}
 * @param nodeIp           the node's primary address of the family; the family's loopback address if the node is
 *                         unknown (kube-proxy's {@code detectNodeIPs} fallback)
 * @param largeClusterMode more than 1000 endpoints over all service ports
 */
record FamilyContext(
        IptablesFlavour flavour,
        IpFamily family,
        String mark,
        LocalTrafficDetector detector,
        boolean masqueradeAll,
        boolean localhostNodePorts,
        boolean nfacctInvalid,
        boolean nfacctLocalhost,
        boolean randomFully,
        boolean tcpBeLiberal,
        IpAddress nodeIp,
        NodePortAddresses nodePortAddresses,
        List<IpAddress> nodePortIps,
        boolean largeClusterMode) {

    /** kube-proxy's {@code largeClusterEndpointsThreshold}. */
    static final int LARGE_CLUSTER_ENDPOINTS = 1000;

    static FamilyContext of(IptablesFlavour flavour, IptablesOptions options, ProxyConfig cfg, NodeProxyView view) {
        IpFamily family = view.family();
        Optional<Node> node = view.node();
        int value = cfg.masqueradeMark();
        String single = options.markTextOverride() != null ? options.markTextOverride() : GoFormat.hexMark(value);
        String mark = flavour.pairedMark() ? single + "/" + single : single;
        NodePortAddresses npa = NodePortAddresses.of(cfg.nodePortAddresses(), node, family);
        boolean localhost = cfg.localhostNodePorts() && family == IpFamily.IPV4 && npa.containsIPv4Loopback();
        IpAddress nodeIp = node.flatMap(n -> n.primaryIp(family))
                .orElse(family == IpFamily.IPV4 ? IpAddress.LOCALHOST_V4 : new IpAddress(IpFamily.IPV6, 0, 1));
        boolean large = flavour.largeClusterComments() && view.totalEndpoints() > LARGE_CLUSTER_ENDPOINTS;
        return new FamilyContext(flavour, family, mark, LocalTrafficDetector.of(cfg, node.orElse(null), family),
                cfg.masqueradeAll(), localhost,
                flavour.nfacctInvalidDrop() && options.nfacctAvailable(),
                flavour.nfacctLocalhostNodePorts() && options.nfacctAvailable(),
                options.randomFully(), cfg.conntrack().tcpBeLiberal(), nodeIp, npa,
                npa.matchAll() ? List.of() : npa.nodeIps(node, family), large);
    }

    boolean ipv6() {
        return family == IpFamily.IPV6;
    }

    /** The ServicePortName as this flavour prints and hashes it. */
    String spn(ServicePortName name) {
        return flavour.legacyServicePortName() ? name.legacyString() : name.toString();
    }

    /** An address as this flavour writes it in {@code -d}/{@code -s}: with {@code /32} in old flavours. */
    String host(IpAddress ip) {
        return flavour.hostPrefixExplicit() ? ip + "/" + ip.family().bits() : ip.toString();
    }

    /** {@code M/M}, the mark match argument of the modern layout. */
    String markMatch() {
        return mark + "/" + mark;
    }
}
