package dev.kpsim.core.kubeproxy;

import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.List;

/**
 * One service port as kube-proxy ingests it for one IP family ({@code BaseServicePortInfo},
 * {@code pkg/proxy/serviceport.go}): addresses already filtered to the family, source ranges trimmed, policies
 * resolved as in {@code pkg/api/v1/service/util.go}.
 *
 * @param externalIps             in spec order
 * @param loadBalancerVips        {@code status.loadBalancer.ingress[].ip} with ipMode VIP, in status order
 * @param loadBalancerSourceRanges trimmed, family-filtered CIDR strings, in spec order
 * @param externalPolicyLocal     {@code ExternalPolicyLocal}
 * @param internalPolicyLocal     {@code InternalPolicyLocal}
 * @param healthCheckNodePort     0 unless LoadBalancer with externalTrafficPolicy Local
 */
public record ServicePortInfo(
        ServicePortName name,
        ServiceType serviceType,
        IpAddress clusterIp,
        int port,
        int nodePort,
        List<IpAddress> externalIps,
        List<IpAddress> loadBalancerVips,
        List<String> loadBalancerSourceRanges,
        SessionAffinity sessionAffinity,
        int affinityTimeoutSeconds,
        boolean externalPolicyLocal,
        boolean internalPolicyLocal,
        int healthCheckNodePort,
        int targetPortNumber) {

    public ServicePortInfo {
        externalIps = List.copyOf(externalIps);
        loadBalancerVips = List.copyOf(loadBalancerVips);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
    }

    public Protocol protocol() {
        return name.protocol();
    }

    /** {@code ExternallyAccessible}: a node port, a load-balancer VIP or an external IP. */
    public boolean externallyAccessible() {
        return nodePort != 0 || !loadBalancerVips.isEmpty() || !externalIps.isEmpty();
    }

    /** {@code UsesClusterEndpoints} = !internalPolicyLocal || externallyAccessible. */
    public boolean usesClusterEndpoints() {
        return !internalPolicyLocal || externallyAccessible();
    }

    /** {@code UsesLocalEndpoints} = internalPolicyLocal || (externalPolicyLocal && externallyAccessible). */
    public boolean usesLocalEndpoints() {
        return internalPolicyLocal || (externalPolicyLocal && externallyAccessible());
    }

    public boolean clientIpAffinity() {
        return sessionAffinity == SessionAffinity.ClientIP;
    }
}
