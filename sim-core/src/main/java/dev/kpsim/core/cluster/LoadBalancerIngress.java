package dev.kpsim.core.cluster;

import dev.kpsim.core.net.IpAddress;

/**
 * One {@code status.loadBalancer.ingress[]} entry. {@code ipMode} is {@code VIP} (or null, meaning VIP) or
 * {@code Proxy}; kube-proxy only programs VIP-mode addresses. {@code ip} is null for hostname-only ingress.
 */
public record LoadBalancerIngress(IpAddress ip, String hostname, String ipMode) {

    /** True if kube-proxy would program this address (an IP with ipMode VIP or unset). */
    public boolean isProgrammedVip() {
        return ip != null && (ipMode == null || ipMode.isEmpty() || ipMode.equals("VIP"));
    }
}
