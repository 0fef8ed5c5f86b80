package dev.kpsim.scenarios.synthetic;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.mode.ProxyInput;

/**
 * A generated cluster with its kube-proxy configuration and the node whose kube-proxy is simulated (the first
 * node), ready for any {@link dev.kpsim.core.mode.ProxyMode}. Immutable.
 *
 * @param spec     what was asked for
 * @param cluster  nodes, pods, Services and EndpointSlices
 * @param config   kube-proxy's configuration: {@code spec.mode()}, {@code clusterCIDR} 10.128.0.0/9 (so the
 *                 off-cluster masquerade rules are written), {@code nodePortAddresses: [primary]}, the spec's
 *                 version, and {@code hostnameOverride} set to {@code nodeName}
 * @param nodeName the simulated node
 */
public record SyntheticCluster(SyntheticSpec spec, Cluster cluster, ProxyConfig config, String nodeName) {

    /** The generation input of the simulated node. */
    public ProxyInput proxyInput() {
        return new ProxyInput(cluster, config, nodeName);
    }
}
