package dev.kpsim.core.kubeproxy;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-proxy for one IP family on one node knows: every service port (its {@code svcPortMap}) with its
 * endpoints (its {@code endpointsMap}), categorised for this node. Service ports are ordered by
 * {@link ServicePortName} (kpsim's deterministic stand-in for Go's random map order); endpoints by kube-proxy's
 * string order. Immutable.
 *
 * <p>Mirrors {@code pkg/proxy/serviceport.go} (service ingest) and {@code pkg/proxy/endpointslicecache.go}
 * (endpoint ingest). Building costs O(services × ports + slice endpoints · log).
 */
public record NodeProxyView(String nodeName, Optional<Node> node, IpFamily family, List<ServicePortEntry> servicePorts) {

    public NodeProxyView {
        servicePorts = List.copyOf(servicePorts);
    }

    /** Total endpoints over all service ports (kube-proxy's large-cluster threshold counts these). */
    public int totalEndpoints() {
        return servicePorts.stream().mapToInt(e -> e.endpoints().size()).sum();
    }

    /** The node's own addresses of this family (empty if the node is unknown). */
    public List<IpAddress> nodeIps() {
        return node.map(n -> n.addresses().stream().filter(a -> a.family() == family).toList()).orElse(List.of());
    }

    /** Builds the view kube-proxy on {@code nodeName} would have for {@code family}. O(services + slice endpoints · log). */
    public static NodeProxyView build(Cluster cluster, ProxyConfig config, String nodeName, IpFamily family) {
        Optional<Node> node = cluster.node(nodeName);
        String zone = node.map(Node::zone).orElse(null);
        List<ServicePortEntry> entries = new ArrayList<>();
        Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
        for (EndpointSlice slice : cluster.endpointSlices()) {
            slicesByService.computeIfAbsent(slice.serviceKey(), k -> new ArrayList<>()).add(slice);
        }
        for (Service svc : cluster.services()) {
            if (svc.skippedByProxy()) {
                continue;
            }
            Optional<IpAddress> clusterIp = svc.clusterIps().stream().filter(ip -> ip.family() == family).findFirst();
            if (clusterIp.isEmpty()) {
                continue;
            }
            Map<String, List<EndpointInfo>> endpointsByPort = ingestEndpoints(
                    slicesByService.getOrDefault(svc.key(), List.of()), family, nodeName);
            for (ServicePort port : svc.ports()) {
                ServicePortInfo info = servicePortInfo(svc, port, clusterIp.get(), family);
                List<EndpointInfo> eps = endpointsByPort.getOrDefault(portKey(port.name(), port.protocol().lower()), List.of());
                CategorizedEndpoints cat = CategorizedEndpoints.categorize(info, eps, nodeName, zone);
                entries.add(new ServicePortEntry(svc, info, eps, cat));
            }
        }
        entries.sort(Comparator.comparing(e -> e.info().name()));
        return new NodeProxyView(nodeName, node, family, entries);
    }

    private static String portKey(String name, String protocolLower) {
        return name + "/" + protocolLower;
    }

    /** kube-proxy's {@code newBaseServiceInfo} for one port, filtered to {@code family}. */
    static ServicePortInfo servicePortInfo(Service svc, ServicePort port, IpAddress clusterIp, IpFamily family) {
        ServicePortName spn = new ServicePortName(svc.namespace(), svc.name(), port.name(), port.protocol());
        List<IpAddress> externalIps = svc.externalIps().stream().filter(ip -> ip.family() == family).toList();
        List<IpAddress> vips = svc.loadBalancerIngress().stream()
                .filter(i -> i.isProgrammedVip() && i.ip().family() == family)
                .map(i -> i.ip()).toList();
        List<String> ranges = svc.loadBalancerSourceRanges().stream().map(String::trim)
                .filter(r -> Cidr.tryParse(r).map(c -> c.family() == family).orElse(false)).toList();
        boolean etpLocal = svc.externalTrafficPolicy() == TrafficPolicy.Local
                && (svc.type() == ServiceType.LoadBalancer || svc.type() == ServiceType.NodePort
                || (svc.type() == ServiceType.ClusterIP && !svc.externalIps().isEmpty()));
        boolean itpLocal = svc.internalTrafficPolicy() == TrafficPolicy.Local;
        int hc = svc.type() == ServiceType.LoadBalancer && etpLocal ? svc.healthCheckNodePort() : 0;
        int target = port.targetPort().isNamed() ? 0 : port.targetPort().number();
        return new ServicePortInfo(spn, svc.type(), clusterIp, port.port(), port.nodePort(), externalIps, vips, ranges,
                svc.sessionAffinity(), svc.affinityTimeoutSeconds(), etpLocal, itpLocal, hc, target);
    }

    /**
     * kube-proxy's endpoint ingest for one Service: per slice port (name, protocol), one endpoint per slice
     * endpoint using its first address; deduplicated by {@code ip:port} (a later duplicate replaces an earlier
     * one unless it is terminating); sorted by string. Slices are read in name order.
     */
    static Map<String, List<EndpointInfo>> ingestEndpoints(List<EndpointSlice> serviceSlices, IpFamily family, String nodeName) {
        Map<String, Map<String, EndpointInfo>> byPort = new LinkedHashMap<>();
        List<EndpointSlice> slices = new ArrayList<>(serviceSlices);
        slices.sort(Comparator.comparing(EndpointSlice::name));
        for (EndpointSlice slice : slices) {
            if (slice.addressType() != family) {
                continue;
            }
            for (EndpointPort p : slice.ports()) {
                Map<String, EndpointInfo> set = byPort.computeIfAbsent(portKey(p.name(), p.protocol().lower()), k -> new LinkedHashMap<>());
                for (SliceEndpoint ep : slice.endpoints()) {
                    if (ep.addresses().isEmpty() || ep.addresses().get(0).family() != family) {
                        continue;
                    }
                    boolean local = ep.nodeName() != null && ep.nodeName().equals(nodeName);
                    EndpointInfo info = new EndpointInfo(new HostPort(ep.addresses().get(0), p.port()), ep.isReady(),
                            ep.isServing(), ep.isTerminating(), local, ep.nodeName(), ep.forZones(), ep.forNodes(), ep.targetPod());
                    String key = info.toString();
                    if (!set.containsKey(key) || !info.terminating()) {
                        set.put(key, info);
                    }
                }
            }
        }
        Map<String, List<EndpointInfo>> out = new LinkedHashMap<>();
        byPort.forEach((k, v) -> out.put(k, sortedByKey(v)));
        return out;
    }

    /** The endpoints in {@link EndpointInfo#compareTo} order, sorting by the {@code ip:port} keys already built. */
    private static List<EndpointInfo> sortedByKey(Map<String, EndpointInfo> byKey) {
        List<Map.Entry<String, EndpointInfo>> entries = new ArrayList<>(byKey.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        List<EndpointInfo> out = new ArrayList<>(entries.size());
        for (Map.Entry<String, EndpointInfo> e : entries) {
            out.add(e.getValue());
        }
        return List.copyOf(out);
    }
}
