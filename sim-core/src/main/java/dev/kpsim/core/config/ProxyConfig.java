package dev.kpsim.core.config;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.net.Cidr;
import java.util.List;

/**
 * The kube-proxy configuration that shapes generated rules: a reduced {@code KubeProxyConfiguration}
 * (kubeproxy.config.k8s.io/v1alpha1) plus kpsim's own choice of kube-proxy version.
 *
 * @param mode               {@code iptables}, {@code ipvs}, {@code nftables} or {@code userspace}
 * @param hostnameOverride   the node name kube-proxy runs as, or null
 * @param clusterCidrs       {@code clusterCIDR} split on commas; empty when unset
 * @param masqueradeBit      {@code iptables.masqueradeBit}, default 14 (mark 0x4000)
 * @param localhostNodePorts {@code iptables.localhostNodePorts}, default true
 * @param nodePortAddresses  {@code nodePortAddresses}: CIDRs or the word {@code primary}; empty = all addresses
 * @param kubeProxyVersion   which kube-proxy release's output format to reproduce
 * @param proxyPortRange     userspace mode's {@code portRange} ("" = kernel ephemeral range)
 * @param userspaceProxyPorts kpsim-specific: proxy ports pinned per service port name ({@code ns/name:port}),
 *                           for reproducing a known userspace-mode node
 */
public record ProxyConfig(
        String mode,
        String hostnameOverride,
        List<Cidr> clusterCidrs,
        DetectLocalMode detectLocalMode,
        String bridgeInterface,
        String interfaceNamePrefix,
        int masqueradeBit,
        boolean masqueradeAll,
        boolean localhostNodePorts,
        List<String> nodePortAddresses,
        IpvsSettings ipvs,
        ConntrackSettings conntrack,
        KubeProxyVersion kubeProxyVersion,
        String proxyPortRange,
        java.util.Map<String, Integer> userspaceProxyPorts) {

    public ProxyConfig {
        mode = mode == null || mode.isEmpty() ? "iptables" : mode;
        clusterCidrs = List.copyOf(clusterCidrs);
        detectLocalMode = detectLocalMode == null ? DetectLocalMode.ClusterCIDR : detectLocalMode;
        nodePortAddresses = List.copyOf(nodePortAddresses);
        ipvs = ipvs == null ? IpvsSettings.defaults() : ipvs;
        conntrack = conntrack == null ? ConntrackSettings.defaults() : conntrack;
        kubeProxyVersion = kubeProxyVersion == null ? KubeProxyVersion.LATEST : kubeProxyVersion;
        proxyPortRange = proxyPortRange == null ? "" : proxyPortRange;
        userspaceProxyPorts = userspaceProxyPorts == null ? java.util.Map.of() : java.util.Map.copyOf(userspaceProxyPorts);
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new IllegalArgumentException("masqueradeBit must be within 0-31, was " + masqueradeBit);
        }
    }

    /** kube-proxy's defaults: iptables mode, no cluster CIDR, bit 14, localhostNodePorts on, newest version. */
    public static ProxyConfig defaults() {
        return new ProxyConfig("iptables", null, List.of(), DetectLocalMode.ClusterCIDR, "", "", 14, false, true,
                List.of(), IpvsSettings.defaults(), ConntrackSettings.defaults(), KubeProxyVersion.LATEST, "", java.util.Map.of());
    }

    /** The masquerade mark value {@code 1 << masqueradeBit}. */
    public int masqueradeMark() {
        return 1 << masqueradeBit;
    }

    /** A builder holding this configuration's values, for loaders and what-if edits. */
    public ProxyConfigBuilder toBuilder() {
        return new ProxyConfigBuilder(this);
    }

    /** The proxy port pinned for a service port (userspace mode), if any. */
    public java.util.Optional<Integer> pinnedProxyPort(String servicePortName) {
        return java.util.Optional.ofNullable(userspaceProxyPorts.get(servicePortName));
    }
}
