package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hairpin cases of a cluster: every pod that is an endpoint of a service port (ready or not — a pod that is not
 * ready is simply never chosen), connecting to that port's ClusterIP from its own node. Ordered by node, pod, service
 * port. O(nodes × service ports × endpoints).
 */
public final class HairpinModel {
    private HairpinModel() {
    }

    /** @param nodes the nodes whose pods are included (all of the cluster's, or the one node of a dump) */
    public static List<HairpinSubject> subjects(Cluster cluster, ProxyConfig config, List<String> nodes) {
        List<HairpinSubject> out = new ArrayList<>();
        for (String node : nodes) {
            Set<String> seen = new LinkedHashSet<>();
            List<HairpinSubject> here = new ArrayList<>();
            for (IpFamily f : IpFamily.values()) {
                for (ServicePortEntry e : NodeProxyView.build(cluster, config, node, f).servicePorts()) {
                    ServicePortInfo i = e.info();
                    for (EndpointInfo ep : e.endpoints()) {
                        Optional<Pod> pod = cluster.podByIp(ep.address().ip());
                        if (pod.isEmpty() || !node.equals(pod.get().nodeName())) {
                            continue;
                        }
                        String key = pod.get().key() + " " + i.name() + " " + f;
                        if (seen.add(key)) {
                            here.add(new HairpinSubject(pod.get().key(), node, ep.address().ip(), i.name().toString(),
                                    i.protocol(), new HostPort(i.clusterIp(), i.port())));
                        }
                    }
                }
            }
            here.sort(Comparator.comparing(HairpinSubject::pod).thenComparing(HairpinSubject::servicePort)
                    .thenComparing(s -> s.podAddress()));
            out.addAll(here);
        }
        return out;
    }

    /** Every node of the cluster, by name. */
    public static List<String> allNodes(Cluster cluster) {
        return cluster.nodes().stream().map(Node::name).toList();
    }
}
