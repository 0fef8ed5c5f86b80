package dev.kpsim.scenarios.collect;

import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.scenarios.raw.RawSection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything read from all inputs so far, before allocation and derivation. Objects of one kind are unique by
 * namespace/name: a second one is a {@code duplicate-object} error naming both locations. Only one kube-proxy
 * configuration (a KubeProxyConfiguration or a scenario's {@code proxy:}) may be given. Mutable; owned by one load.
 */
public final class InputCollector {
    private final Diagnostics diags;
    private final List<ServiceDraft> services = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<EndpointSlice> slices = new ArrayList<>();
    private final List<EndpointSlice> mirroredSlices = new ArrayList<>();
    private final Map<String, SourceLocation> seen = new HashMap<>();
    private final List<Cidr> serviceRanges = new ArrayList<>();
    private final Map<String, RawSection> extensions = new LinkedHashMap<>();
    private ProxyConfig config;
    private SourceLocation configLocation;
    private AllocationSettings allocation;

    public InputCollector(Diagnostics diags) {
        this.diags = diags;
    }

    public Diagnostics diagnostics() {
        return diags;
    }

    /**
     * Registers {@code kind namespace/name} read at {@code at}; false (and a {@code duplicate-object} error) if it
     * was already read.
     */
    public boolean register(String kind, String namespace, String name, SourceLocation at) {
        String id = namespace == null ? name : namespace + "/" + name;
        SourceLocation first = seen.putIfAbsent(kind + " " + id, at);
        if (first != null) {
            diags.error(at, "duplicate-object", "duplicate " + kind + " " + id + " (first defined at " + first + ")");
            return false;
        }
        return true;
    }

    public void addService(ServiceDraft s) {
        if (register("Service", s.service().namespace(), s.service().name(), s.service().location())) {
            services.add(s);
        }
    }

    public void addPod(Pod p) {
        if (register("Pod", p.namespace(), p.name(), p.location())) {
            pods.add(p);
        }
    }

    public void addNode(Node n) {
        if (register("Node", null, n.name(), n.location())) {
            nodes.add(n);
        }
    }

    public void addSlice(EndpointSlice s) {
        if (register("EndpointSlice", s.namespace(), s.name(), s.location())) {
            slices.add(s);
        }
    }

    /** Slices converted from a legacy v1 Endpoints object (already registered as {@code Endpoints}). */
    public void addMirroredSlice(EndpointSlice s) {
        mirroredSlices.add(s);
    }

    /** Sets the kube-proxy configuration; a second one is a {@code duplicate-config} error. */
    public void setConfig(ProxyConfig c, SourceLocation at) {
        if (config != null) {
            diags.error(at, "duplicate-config", "a second kube-proxy configuration (the first is at " + configLocation + ")");
            return;
        }
        config = c;
        configLocation = at;
    }

    /** Sets a scenario's allocation ranges; different ranges in two scenarios are a {@code conflicting-allocation} error. */
    public void setAllocation(AllocationSettings a) {
        if (allocation != null && !allocation.sameRanges(a)) {
            diags.error(a.location(), "conflicting-allocation",
                    "allocation ranges differ from those at " + allocation.location());
            return;
        }
        if (allocation == null || a.serviceCidrExplicit()) {
            allocation = a;
        }
    }

    /** A service range known from a ServiceCIDR object or an option. */
    public void addServiceRange(Cidr c) {
        if (!serviceRanges.contains(c)) {
            serviceRanges.add(c);
        }
    }

    /** Keeps an uninterpreted scenario section; a second section of the same name is a {@code duplicate-section} error. */
    public void addExtension(RawSection s) {
        RawSection first = extensions.putIfAbsent(s.name(), s);
        if (first != null) {
            diags.error(s.location(), "duplicate-section",
                    "a second '" + s.name() + "' section (the first is at " + first.location() + ")");
        }
    }

    public List<ServiceDraft> services() {
        return services;
    }

    public List<Pod> pods() {
        return pods;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<EndpointSlice> slices() {
        return slices;
    }

    public List<EndpointSlice> mirroredSlices() {
        return mirroredSlices;
    }

    public Optional<ProxyConfig> config() {
        return Optional.ofNullable(config);
    }

    public Optional<AllocationSettings> allocation() {
        return Optional.ofNullable(allocation);
    }

    public List<Cidr> serviceRanges() {
        return serviceRanges;
    }

    public Map<String, RawSection> extensions() {
        return extensions;
    }
}
