package dev.kpsim.core.mode;

import java.util.List;

/**
 * A kube-proxy data-plane mode (iptables, IPVS, nftables, userspace). Discovered with {@link java.util.ServiceLoader},
 * so adding a mode adds a module and nothing else. Implementations are stateless and thread-safe.
 */
public interface ProxyMode {

    /** The mode's name as in {@code KubeProxyConfiguration.mode}: {@code iptables}, {@code ipvs}, ... */
    String name();

    /** The render formats {@link DataPlane#render} accepts; the first is the default. */
    List<String> formats();

    /** What kube-proxy in this mode programs on {@code input}'s node. Pure: same input, same data plane. */
    DataPlane generate(ProxyInput input);
}
