package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;

/**
 * A pod behind a service that connects to that service's ClusterIP (the hairpin case).
 *
 * @param pod         {@code namespace/name}
 * @param servicePort kube-proxy's ServicePortName of the service port the pod is an endpoint of
 */
public record HairpinSubject(String pod, String node, IpAddress podAddress, String servicePort, Protocol protocol,
                             HostPort frontend) {
}
