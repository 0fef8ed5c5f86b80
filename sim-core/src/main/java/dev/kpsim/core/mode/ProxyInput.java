package dev.kpsim.core.mode;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.net.IpFamily;

/**
 * What a mode generates from: the cluster, kube-proxy's configuration, and the node whose kube-proxy is
 * simulated. {@link #view(IpFamily)} gives that node's service/endpoint view per family.
 */
public record ProxyInput(Cluster cluster, ProxyConfig config, String nodeName) {

    /** The node's view for one IP family (built on each call; cheap relative to generation). */
    public NodeProxyView view(IpFamily family) {
        return NodeProxyView.build(cluster, config, nodeName, family);
    }

    /** True if any Service has a ClusterIP of {@code family} (so that family's proxier has work). */
    public boolean hasFamily(IpFamily family) {
        return cluster.services().stream().anyMatch(s -> !s.skippedByProxy()
                && s.clusterIps().stream().anyMatch(ip -> ip.family() == family));
    }
}
