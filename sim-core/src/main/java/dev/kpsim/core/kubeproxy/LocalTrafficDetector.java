package dev.kpsim.core.kubeproxy;

import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpFamily;
import java.util.List;

/**
 * How kube-proxy recognises traffic from pods on this node ({@code LocalTrafficDetector},
 * {@code pkg/proxy/util/localdetector.go}). {@link #ifLocal()} and {@link #ifNotLocal()} are the iptables
 * arguments ({@code -s CIDR}, {@code ! -i IF}, {@code -i PFX+} ...); an unimplemented detector (for example
 * ClusterCIDR mode with no clusterCIDR) returns empty lists and {@link #implemented()} false, and rules that need
 * it are left out, as kube-proxy does.
 *
 * @param kind  ClusterCIDR / NodeCIDR match a source CIDR, BridgeInterface / InterfaceNamePrefix an input interface
 * @param value the CIDR, interface, or prefix; null when not implemented
 */
public record LocalTrafficDetector(dev.kpsim.core.config.DetectLocalMode kind, String value) {

    public static LocalTrafficDetector none() {
        return new LocalTrafficDetector(null, null);
    }

    /** The detector kube-proxy builds for {@code family} on {@code node} from its configuration. */
    public static LocalTrafficDetector of(ProxyConfig cfg, Node node, IpFamily family) {
        return switch (cfg.detectLocalMode()) {
            case ClusterCIDR -> firstOfFamily(cfg.clusterCidrs(), family)
                    .map(c -> new LocalTrafficDetector(cfg.detectLocalMode(), c.toString()))
                    .orElse(none());
            case NodeCIDR -> node == null ? none() : firstOfFamily(node.podCidrs(), family)
                    .map(c -> new LocalTrafficDetector(cfg.detectLocalMode(), c.toString()))
                    .orElse(none());
            case BridgeInterface -> cfg.bridgeInterface() == null || cfg.bridgeInterface().isEmpty() ? none()
                    : new LocalTrafficDetector(cfg.detectLocalMode(), cfg.bridgeInterface());
            case InterfaceNamePrefix -> cfg.interfaceNamePrefix() == null || cfg.interfaceNamePrefix().isEmpty() ? none()
                    : new LocalTrafficDetector(cfg.detectLocalMode(), cfg.interfaceNamePrefix());
        };
    }

    private static java.util.Optional<Cidr> firstOfFamily(List<Cidr> cidrs, IpFamily family) {
        return cidrs.stream().filter(c -> c.family() == family).findFirst();
    }

    public boolean implemented() {
        return kind != null;
    }

    /** Arguments matching traffic from local pods. */
    public List<String> ifLocal() {
        if (!implemented()) {
            return List.of();
        }
        return switch (kind) {
            case ClusterCIDR, NodeCIDR -> List.of("-s", value);
            case BridgeInterface -> List.of("-i", value);
            case InterfaceNamePrefix -> List.of("-i", value + "+");
        };
    }

    /** Arguments matching traffic not from local pods. */
    public List<String> ifNotLocal() {
        if (!implemented()) {
            return List.of();
        }
        return switch (kind) {
            case ClusterCIDR, NodeCIDR -> List.of("!", "-s", value);
            case BridgeInterface -> List.of("!", "-i", value);
            case InterfaceNamePrefix -> List.of("!", "-i", value + "+");
        };
    }
}
