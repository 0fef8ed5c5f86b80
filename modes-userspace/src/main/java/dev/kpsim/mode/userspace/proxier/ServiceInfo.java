package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.List;

/**
 * What the userspace proxier keeps for one proxied service port ({@code ServiceInfo} in
 * {@code pkg/proxy/userspace/proxier.go}): the portal (ClusterIP and port), the proxy port its socket listens on, the
 * node port, the external and load-balancer IPs it opened portals for, and the affinity it registered.
 *
 * @param displayName          the ServicePortName as that kube-proxy version printed it (rule comments, logs)
 * @param proxyPort            the port the proxy socket is bound to (read back from the socket)
 * @param nodePort             0 when none
 * @param externalIps          {@code spec.externalIPs} of this family, in spec order
 * @param loadBalancerIps      {@code status.loadBalancer.ingress[].ip} of this family, in status order
 * @param stickyMaxAgeSeconds  the ClientIP timeout the Service asked for; 0 when affinity is None
 */
public record ServiceInfo(
        ServicePortName name,
        String displayName,
        Protocol protocol,
        IpAddress portalIp,
        int portalPort,
        int proxyPort,
        int nodePort,
        List<IpAddress> externalIps,
        List<IpAddress> loadBalancerIps,
        AffinityType sessionAffinity,
        int stickyMaxAgeSeconds) {

    public ServiceInfo {
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
    }

    /** True if a packet to {@code ip:port}/{@code protocol} hits one of this service port's portals. */
    public boolean hasPortal(IpAddress ip, int port, Protocol proto) {
        if (proto != protocol || port != portalPort) {
            return false;
        }
        return ip.equals(portalIp) || externalIps.contains(ip) || loadBalancerIps.contains(ip);
    }
}
