package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import java.util.List;

/**
 * One address:port a Service is reached at, as kube-proxy programs it ({@code pkg/proxy/serviceport.go}): the
 * ClusterIP, a NodePort on one node address, an external IP, a load-balancer ingress IP, or the health-check node port
 * that kube-proxy's health server answers on for {@code externalTrafficPolicy: Local} load balancers.
 *
 * @param id           {@code F1}, {@code F2}, …
 * @param servicePort  kube-proxy's ServicePortName ({@code default/web:http}); for a health check, the service
 * @param node         for NODE_PORT and HEALTH_CHECK, the node owning the address; else null
 * @param sourceRanges the service's loadBalancerSourceRanges (for its load-balancer IPs)
 */
public record ReachFrontend(String id, Kind kind, String servicePort, Protocol protocol, HostPort address, String node,
                            List<String> sourceRanges, boolean externalPolicyLocal, boolean internalPolicyLocal) {

    /** The kinds of frontend, in kpsim's display order. */
    public enum Kind {
        CLUSTER_IP("cluster IP"), EXTERNAL_IP("external IP"), LOAD_BALANCER_IP("load-balancer IP"),
        NODE_PORT("node port"), HEALTH_CHECK("health-check node port");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** True for the frontends whose traffic kube-proxy treats as external (externalTrafficPolicy applies). */
        public boolean external() {
            return this != CLUSTER_IP && this != HEALTH_CHECK;
        }
    }

    public ReachFrontend {
        sourceRanges = List.copyOf(sourceRanges);
    }

    /** {@code default/web:http node port 10.240.0.11:30080/TCP}. */
    public String describe() {
        return servicePort + " " + kind.label() + " " + address + "/" + protocol.name();
    }
}
