package dev.kpsim.core.config;

/**
 * kube-proxy's {@code detectLocalMode}: how it tells traffic from local pods apart
 * ({@code pkg/proxy/util/localdetector.go}).
 */
public enum DetectLocalMode {
    ClusterCIDR, NodeCIDR, BridgeInterface, InterfaceNamePrefix
}
