package dev.kpsim.scenarios.assemble;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceBuilder;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.scenarios.collect.AllocationSettings;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.collect.ServiceDraft;
import dev.kpsim.scenarios.derive.ClusterIpAllocator;
import dev.kpsim.scenarios.derive.EndpointSliceController;
import dev.kpsim.scenarios.derive.NodePortAllocator;
import dev.kpsim.scenarios.derive.PodIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns everything read into one {@link Cluster}, in this order: host-network pods without an IP take their
 * node's addresses; compact-scenario Services get their missing ClusterIPs, NodePorts and healthCheckNodePorts
 * (in Service key order, so allocation is deterministic); legacy Endpoints become slices for Services that have
 * no EndpointSlice; scenario Services with a selector and no slice get slices derived from pods; then the
 * cross-object checks of {@link ClusterChecks} run. Services keep their input order.
 */
public final class ClusterAssembler {
    private ClusterAssembler() {
    }

    /**
     * @param extraRanges service ranges known from outside the inputs (for example a command-line option)
     */
    public static Assembled assemble(InputCollector in, List<Cidr> extraRanges) {
        Diagnostics d = in.diagnostics();
        AllocationSettings alloc = in.allocation().orElse(AllocationSettings.defaults());
        List<Cidr> ranges = new ArrayList<>(in.serviceRanges());
        if (alloc.serviceCidrExplicit()) {
            alloc.serviceCidrs().stream().filter(c -> !ranges.contains(c)).forEach(ranges::add);
        }
        extraRanges.stream().filter(c -> !ranges.contains(c)).forEach(ranges::add);

        Map<String, Node> nodes = new LinkedHashMap<>();
        in.nodes().forEach(n -> nodes.put(n.name(), n));
        List<Pod> pods = in.pods().stream().map(p -> withHostAddresses(p, nodes)).toList();

        List<ServiceDraft> drafts = allocate(in.services(), alloc, d);

        Set<String> withSlices = in.slices().stream().map(EndpointSlice::serviceKey).collect(Collectors.toSet());
        List<EndpointSlice> slices = new ArrayList<>(in.slices());
        List<EndpointSlice> literal = new ArrayList<>(in.slices());
        for (EndpointSlice m : in.mirroredSlices()) {
            if (withSlices.contains(m.serviceKey())) {
                d.note(m.location(), "endpoints-ignored", "Endpoints " + m.serviceKey()
                        + " ignored: EndpointSlices for that Service were given (kube-proxy reads only EndpointSlices)");
            } else {
                slices.add(m);
                literal.add(m);
            }
        }
        Set<String> sliceOwners = slices.stream().map(EndpointSlice::serviceKey).collect(Collectors.toSet());
        PodIndex index = new PodIndex(pods);
        for (ServiceDraft draft : drafts) {
            Service s = draft.service();
            if (draft.derivesEndpoints() && !sliceOwners.contains(s.key())) {
                slices.addAll(EndpointSliceController.derive(s, sliceFamilies(draft), index.select(s.selector(), s.namespace()), nodes));
            }
        }
        List<Service> services = drafts.stream().map(ServiceDraft::service).toList();
        Cluster cluster = new Cluster(new ArrayList<>(nodes.values()), pods, services, slices);
        ClusterChecks.check(cluster, drafts, literal, ranges, index, d);
        return new Assembled(cluster, in.config().orElse(ProxyConfig.defaults()), in.extensions());
    }

    private static Pod withHostAddresses(Pod p, Map<String, Node> nodes) {
        if (!p.hostNetwork() || !p.ips().isEmpty() || p.nodeName() == null || !nodes.containsKey(p.nodeName())) {
            return p;
        }
        return new Pod(p.namespace(), p.name(), p.labels(), nodes.get(p.nodeName()).addresses(), p.nodeName(), p.containerPorts(),
                p.ready(), p.terminating(), p.hostNetwork(), p.location());
    }

    /** The families the EndpointSlice controller serves: the Service's ClusterIP families, else its ipFamilies, else IPv4. */
    private static List<IpFamily> sliceFamilies(ServiceDraft draft) {
        List<IpFamily> fams = draft.service().clusterIps().stream().map(IpAddress::family).distinct().toList();
        if (!fams.isEmpty()) {
            return fams;
        }
        return draft.ipFamilies().isEmpty() ? List.of(IpFamily.IPV4) : draft.ipFamilies();
    }

    /** Fills in ClusterIPs and node ports, visiting drafts in Service key order; returns drafts in input order. */
    private static List<ServiceDraft> allocate(List<ServiceDraft> drafts, AllocationSettings alloc, Diagnostics d) {
        Set<IpAddress> takenIps = new HashSet<>();
        Set<Integer> takenPorts = new HashSet<>();
        for (ServiceDraft s : drafts) {
            takenIps.addAll(s.service().clusterIps());
            s.service().ports().stream().map(ServicePort::nodePort).filter(p -> p != 0).forEach(takenPorts::add);
            if (s.service().healthCheckNodePort() != 0) {
                takenPorts.add(s.service().healthCheckNodePort());
            }
        }
        ClusterIpAllocator ips = new ClusterIpAllocator(takenIps);
        NodePortAllocator ports = new NodePortAllocator(alloc.nodePortMin(), alloc.nodePortMax(), takenPorts);
        Map<String, ServiceDraft> done = new HashMap<>();
        List<ServiceDraft> sorted = drafts.stream().sorted(Comparator.comparing(ServiceDraft::key)).toList();
        for (ServiceDraft draft : sorted) {
            done.put(draft.key(), allocateOne(draft, alloc, ips, ports, d));
        }
        return drafts.stream().map(s -> done.get(s.key())).toList();
    }

    private static ServiceDraft allocateOne(ServiceDraft draft, AllocationSettings alloc, ClusterIpAllocator ips,
                                            NodePortAllocator ports, Diagnostics d) {
        Service s = draft.service();
        if (!draft.allocateClusterIps() && draft.portsNeedingNodePort().isEmpty() && !draft.needsHealthCheckNodePort()) {
            return draft;
        }
        ServiceBuilder b = s.toBuilder();
        if (draft.allocateClusterIps()) {
            List<IpFamily> families = draft.ipFamilies().isEmpty() ? List.of(alloc.serviceCidrs().get(0).family()) : draft.ipFamilies();
            List<IpAddress> allocated = new ArrayList<>();
            for (IpFamily family : families) {
                Optional<Cidr> cidr = alloc.serviceCidrs().stream().filter(c -> c.family() == family).findFirst();
                if (cidr.isEmpty()) {
                    d.error(s.location(), "allocation-failed", "Service " + s.key() + ": no serviceCIDR of family "
                            + family.kubernetesName() + " to allocate a ClusterIP from (set allocation.serviceCIDR)");
                    continue;
                }
                Optional<IpAddress> ip = ips.allocate(cidr.get());
                if (ip.isEmpty()) {
                    d.error(s.location(), "allocation-failed", "Service " + s.key() + ": service CIDR " + cidr.get() + " is exhausted");
                }
                ip.ifPresent(allocated::add);
            }
            b.clusterIps(allocated);
        }
        List<ServicePort> newPorts = new ArrayList<>(s.ports());
        Map<Integer, Integer> byServicePort = new HashMap<>();
        for (int i : draft.portsNeedingNodePort()) {
            ServicePort p = newPorts.get(i);
            Integer np = byServicePort.get(p.port());
            if (np == null) {
                OptionalInt next = ports.allocate();
                if (next.isEmpty()) {
                    d.error(s.location(), "allocation-failed", "Service " + s.key() + ": node port range "
                            + alloc.nodePortMin() + "-" + alloc.nodePortMax() + " is exhausted");
                    continue;
                }
                np = next.getAsInt();
                byServicePort.put(p.port(), np);
            }
            newPorts.set(i, new ServicePort(p.name(), p.protocol(), p.port(), p.targetPort(), np));
        }
        b.ports(newPorts);
        if (draft.needsHealthCheckNodePort()) {
            OptionalInt hc = ports.allocate();
            if (hc.isEmpty()) {
                d.error(s.location(), "allocation-failed", "Service " + s.key() + ": node port range "
                        + alloc.nodePortMin() + "-" + alloc.nodePortMax() + " is exhausted");
            }
            hc.ifPresent(b::healthCheckNodePort);
        }
        return new ServiceDraft(b.build(), false, draft.ipFamilies(), List.of(), false, draft.derivesEndpoints(), draft.clusterIpLocation());
    }
}
