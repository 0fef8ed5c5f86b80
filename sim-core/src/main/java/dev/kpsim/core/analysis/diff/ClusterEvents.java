package dev.kpsim.core.analysis.diff;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies a {@link ClusterEvent} to a cluster, editing its Pods and EndpointSlices as the Kubernetes controllers would
 * (the EndpointSlice controller's conditions, a Deployment's scale). Events that only pass time leave the cluster as
 * it is. Pure: returns a new cluster.
 */
public final class ClusterEvents {
    private ClusterEvents() {
    }

    /**
     * The cluster after {@code event}.
     *
     * @throws BadInputException if the event names no pod, endpoint, Service or node of the cluster
     */
    public static Cluster apply(Cluster c, ClusterEvent event) {
        if (event instanceof ClusterEvent.EndpointTerminating t) {
            return conditions(c, t.target(), false, true, true, event);
        }
        if (event instanceof ClusterEvent.EndpointNotReady n) {
            return conditions(c, n.target(), false, false, false, event);
        }
        if (event instanceof ClusterEvent.Scale s) {
            return scale(c, service(c, s.service(), event), s.replicas(), event);
        }
        if (event instanceof ClusterEvent.LocalEndpointsLost l) {
            return removeEndpoints(c, service(c, l.service(), event), ep -> l.node().equals(ep.nodeName()), event,
                    "no endpoint of " + l.service() + " runs on node " + l.node());
        }
        if (event instanceof ClusterEvent.AffinityTimeoutPasses a) {
            service(c, a.service(), event);
        }
        return c;
    }

    /** How far the clock moves for {@code event} (0 for events that change objects). */
    public static long advanceMillis(Cluster c, ClusterEvent event) {
        if (event instanceof ClusterEvent.AffinityTimeoutPasses a) {
            return (service(c, a.service(), event).affinityTimeoutSeconds() + 1) * 1000L;
        }
        if (event instanceof ClusterEvent.Wait w) {
            return w.millis();
        }
        return 0;
    }

    static Service service(Cluster c, String key, ClusterEvent event) {
        String[] parts = key.contains("/") ? key.split("/", 2) : new String[] {"default", key};
        return c.service(parts[0], parts[1]).orElseThrow(() -> new BadInputException(event.location(), "unknown-service",
                "no Service " + key + " in the cluster"));
    }

    private static boolean matches(SliceEndpoint ep, String target) {
        String pod = target.contains("/") ? target : "default/" + target;
        return pod.equals(ep.targetPod()) || ep.addresses().stream().anyMatch(a -> a.toString().equals(target));
    }

    private static Cluster conditions(Cluster c, String target, boolean ready, boolean serving, boolean terminating, ClusterEvent event) {
        boolean found = false;
        List<EndpointSlice> slices = new ArrayList<>();
        for (EndpointSlice s : c.endpointSlices()) {
            List<SliceEndpoint> eps = new ArrayList<>();
            for (SliceEndpoint ep : s.endpoints()) {
                if (matches(ep, target)) {
                    found = true;
                    eps.add(new SliceEndpoint(ep.addresses(), ready, serving, terminating, ep.nodeName(), ep.zone(),
                            ep.forZones(), ep.forNodes(), ep.targetPod()));
                } else {
                    eps.add(ep);
                }
            }
            slices.add(withEndpoints(s, eps));
        }
        if (!found) {
            throw new BadInputException(event.location(), "unknown-endpoint", "no endpoint of pod or address " + target);
        }
        List<Pod> pods = c.pods().stream().map(p -> isTarget(p, target)
                ? new Pod(p.namespace(), p.name(), p.labels(), p.ips(), p.nodeName(), p.containerPorts(), ready, terminating,
                p.hostNetwork(), p.location()) : p).toList();
        return new Cluster(c.nodes(), pods, c.services(), slices);
    }

    private static boolean isTarget(Pod p, String target) {
        String key = target.contains("/") ? target : "default/" + target;
        return p.key().equals(key) || p.ips().stream().anyMatch(ip -> ip.toString().equals(target));
    }

    private static EndpointSlice withEndpoints(EndpointSlice s, List<SliceEndpoint> eps) {
        return new EndpointSlice(s.namespace(), s.name(), s.serviceName(), s.addressType(), s.ports(), eps, s.location());
    }

    private static Cluster removeEndpoints(Cluster c, Service svc, Predicate<SliceEndpoint> gone, ClusterEvent event, String none) {
        Set<String> removedPods = new HashSet<>();
        List<EndpointSlice> slices = new ArrayList<>();
        boolean found = false;
        for (EndpointSlice s : c.endpointSlices()) {
            if (!s.namespace().equals(svc.namespace()) || !s.serviceName().equals(svc.name())) {
                slices.add(s);
                continue;
            }
            List<SliceEndpoint> keep = new ArrayList<>();
            for (SliceEndpoint ep : s.endpoints()) {
                if (gone.test(ep)) {
                    found = true;
                    if (ep.targetPod() != null) {
                        removedPods.add(ep.targetPod());
                    }
                } else {
                    keep.add(ep);
                }
            }
            slices.add(withEndpoints(s, keep));
        }
        if (!found) {
            throw new BadInputException(event.location(), "nothing-to-remove", none);
        }
        List<Pod> pods = c.pods().stream().filter(p -> !removedPods.contains(p.key())).toList();
        return new Cluster(c.nodes(), pods, c.services(), slices);
    }

    private static Cluster scale(Cluster c, Service svc, int replicas, ClusterEvent event) {
        if (replicas < 0) {
            throw new BadInputException(event.location(), "bad-value", "replicas must be 0 or more, was " + replicas);
        }
        List<EndpointSlice> own = c.slicesOf(svc);
        List<SliceEndpoint> all = own.stream().flatMap(s -> s.endpoints().stream())
                .sorted(Comparator.comparing(ep -> ep.addresses().isEmpty() ? "" : ep.addresses().get(0).toString())).toList();
        if (replicas <= all.size()) {
            Set<SliceEndpoint> gone = new HashSet<>(all.subList(replicas, all.size()));
            if (gone.isEmpty()) {
                return c;
            }
            return removeEndpoints(c, svc, gone::contains, event, "");
        }
        if (own.isEmpty() || own.get(0).ports().isEmpty()) {
            throw new BadInputException(event.location(), "cannot-scale", "cannot scale " + svc.key()
                    + " up: it has no EndpointSlice to take ports from");
        }
        EndpointSlice first = own.get(0);
        List<Node> nodes = c.nodes().stream().filter(n -> n.podCidrs().stream().anyMatch(p -> p.family() == first.addressType())).toList();
        if (nodes.isEmpty()) {
            throw new BadInputException(event.location(), "cannot-scale", "cannot scale " + svc.key()
                    + " up: no node has a pod CIDR to give the new pods addresses");
        }
        Set<IpAddress> used = new HashSet<>();
        c.pods().forEach(p -> used.addAll(p.ips()));
        c.endpointSlices().forEach(s -> s.endpoints().forEach(ep -> used.addAll(ep.addresses())));
        Optional<Pod> template = all.stream().map(SliceEndpoint::targetPod).filter(java.util.Objects::nonNull)
                .flatMap(k -> c.pods().stream().filter(p -> p.key().equals(k))).findFirst();
        List<SliceEndpoint> added = new ArrayList<>();
        List<Pod> pods = new ArrayList<>(c.pods());
        for (int k = all.size(); k < replicas; k++) {
            Node n = nodes.get((k - all.size()) % nodes.size());
            Cidr cidr = n.podCidrs().stream().filter(p -> p.family() == first.addressType()).findFirst().orElseThrow();
            IpAddress ip = cidr.address().plus(2);
            while (used.contains(ip)) {
                ip = ip.plus(1);
            }
            if (!cidr.contains(ip)) {
                throw new BadInputException(event.location(), "cannot-scale", "node " + n.name() + "'s pod CIDR " + cidr + " is full");
            }
            used.add(ip);
            String name = svc.name() + "-scaled-" + k;
            added.add(new SliceEndpoint(List.of(ip), null, null, null, n.name(), n.zone(), List.of(), List.of(),
                    svc.namespace() + "/" + name));
            Map<String, String> labels = svc.selector() == null ? Map.of() : svc.selector();
            pods.add(new Pod(svc.namespace(), name, labels, List.of(ip), n.name(),
                    template.map(Pod::containerPorts).orElse(List.of()), true, false, false, null));
        }
        List<EndpointSlice> slices = new ArrayList<>();
        for (EndpointSlice s : c.endpointSlices()) {
            if (s == first) {
                List<SliceEndpoint> eps = new ArrayList<>(s.endpoints());
                eps.addAll(added);
                slices.add(withEndpoints(s, eps));
            } else {
                slices.add(s);
            }
        }
        return new Cluster(c.nodes(), pods, c.services(), slices);
    }
}
