package dev.kpsim.scenarios.assemble;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.scenarios.collect.ServiceDraft;
import dev.kpsim.scenarios.derive.PodIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks across objects once everything is read and allocated.
 * <p>Errors: {@code cluster-ip-out-of-range} (a ClusterIP outside every known service range of its family, when
 * ranges are known), {@code duplicate-cluster-ip} and {@code duplicate-node-port} (the API server never lets two
 * Services share them).
 * <p>Warnings: {@code selector-no-match} (for scenario Services, and for Kubernetes Services when pods were given),
 * {@code unknown-node} (a pod or endpoint on a node that was not given, when nodes were given),
 * {@code slice-unknown-service} (a slice whose Service was not given), {@code pod-ip-outside-node-cidr}.
 */
final class ClusterChecks {
    private ClusterChecks() {
    }

    static void check(Cluster cluster, List<ServiceDraft> drafts, List<EndpointSlice> literalSlices, List<Cidr> ranges, PodIndex pods,
                      Diagnostics d) {
        serviceAddresses(drafts, ranges, d);
        boolean podsGiven = !cluster.pods().isEmpty();
        for (ServiceDraft draft : drafts) {
            Service s = draft.service();
            boolean checkSelector = draft.derivesEndpoints() || podsGiven;
            if (checkSelector && s.type() != ServiceType.ExternalName && s.selector() != null && !s.selector().isEmpty()
                    && pods.select(s.selector(), s.namespace()).isEmpty()) {
                String sel = s.selector().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(","));
                d.warning(s.location(), "selector-no-match", "Service " + s.key() + ": selector " + sel + " matches no pod");
            }
        }
        Map<String, Node> nodes = new HashMap<>();
        cluster.nodes().forEach(n -> nodes.put(n.name(), n));
        Set<String> services = cluster.services().stream().map(Service::key).collect(Collectors.toSet());
        for (Pod p : cluster.pods()) {
            if (p.nodeName() == null || p.nodeName().isEmpty() || nodes.isEmpty()) {
                continue;
            }
            Node n = nodes.get(p.nodeName());
            if (n == null) {
                d.warning(p.location(), "unknown-node", "Pod " + p.key() + " is on unknown node '" + p.nodeName() + "'");
            } else if (!p.hostNetwork() && !n.podCidrs().isEmpty()) {
                for (IpAddress ip : p.ips()) {
                    if (n.podCidrs().stream().noneMatch(c -> c.contains(ip))
                            && n.podCidrs().stream().anyMatch(c -> c.family() == ip.family())) {
                        d.warning(p.location(), "pod-ip-outside-node-cidr", "Pod " + p.key() + ": IP " + ip
                                + " is outside the pod CIDRs of node " + n.name() + " (" + n.podCidrs().stream().map(Cidr::toString).collect(Collectors.joining(", ")) + ")");
                    }
                }
            }
        }
        for (EndpointSlice s : literalSlices) {
            if (!services.contains(s.serviceKey())) {
                d.warning(s.location(), "slice-unknown-service", "EndpointSlice " + s.namespace() + "/" + s.name()
                        + " belongs to unknown Service " + s.serviceKey() + " (its kubernetes.io/service-name label)");
            }
            if (nodes.isEmpty()) {
                continue;
            }
            for (SliceEndpoint e : s.endpoints()) {
                if (e.nodeName() != null && !e.nodeName().isEmpty() && !nodes.containsKey(e.nodeName())) {
                    String addr = e.addresses().isEmpty() ? "" : " " + e.addresses().get(0);
                    d.warning(s.location(), "unknown-node", "EndpointSlice " + s.namespace() + "/" + s.name() + ": endpoint" + addr
                            + " is on unknown node '" + e.nodeName() + "'");
                }
            }
        }
    }

    private static void serviceAddresses(List<ServiceDraft> drafts, List<Cidr> ranges, Diagnostics d) {
        Map<IpAddress, String> ipOwners = new HashMap<>();
        Map<Integer, String> portOwners = new HashMap<>();
        for (ServiceDraft draft : drafts) {
            Service s = draft.service();
            SourceLocation at = draft.clusterIpLocation();
            for (IpAddress ip : s.clusterIps()) {
                List<Cidr> sameFamily = ranges.stream().filter(c -> c.family() == ip.family()).toList();
                if (!sameFamily.isEmpty() && sameFamily.stream().noneMatch(c -> c.contains(ip))) {
                    d.error(at, "cluster-ip-out-of-range", "Service " + s.key() + ": ClusterIP " + ip + " is outside every service range ("
                            + sameFamily.stream().map(Cidr::toString).collect(Collectors.joining(", ")) + ")");
                }
                String owner = ipOwners.putIfAbsent(ip, s.key());
                if (owner != null) {
                    d.error(at, "duplicate-cluster-ip", "Service " + s.key() + ": ClusterIP " + ip + " is already used by Service " + owner);
                }
            }
            Set<Integer> own = new java.util.TreeSet<>();
            s.ports().stream().map(ServicePort::nodePort).filter(p -> p != 0).forEach(own::add);
            if (s.healthCheckNodePort() != 0) {
                own.add(s.healthCheckNodePort());
            }
            for (int port : own) {
                String owner = portOwners.putIfAbsent(port, s.key());
                if (owner != null) {
                    d.error(s.location(), "duplicate-node-port", "Service " + s.key() + ": node port " + port + " is already used by Service " + owner);
                }
            }
        }
    }
}
