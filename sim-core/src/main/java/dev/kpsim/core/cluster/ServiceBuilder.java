package dev.kpsim.core.cluster;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutable builder of a {@link Service}; used only inside one stage (a loader, a generator, a test). */
public final class ServiceBuilder {
    private final String namespace;
    private final String name;
    private ServiceType type = ServiceType.ClusterIP;
    private final List<IpAddress> clusterIps = new ArrayList<>();
    private boolean headless;
    private final List<ServicePort> ports = new ArrayList<>();
    private Map<String, String> selector;
    private final List<IpAddress> externalIps = new ArrayList<>();
    private final List<LoadBalancerIngress> ingress = new ArrayList<>();
    private final List<String> sourceRanges = new ArrayList<>();
    private TrafficPolicy etp = TrafficPolicy.Cluster;
    private TrafficPolicy itp = TrafficPolicy.Cluster;
    private SessionAffinity affinity = SessionAffinity.None;
    private int affinityTimeout = SessionAffinity.DEFAULT_TIMEOUT_SECONDS;
    private int healthCheckNodePort;
    private String externalName;
    private SourceLocation location = SourceLocation.UNKNOWN;

    ServiceBuilder(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    ServiceBuilder(Service s) {
        this(s.namespace(), s.name());
        type = s.type();
        clusterIps.addAll(s.clusterIps());
        headless = s.headless();
        ports.addAll(s.ports());
        selector = s.selector() == null ? null : new LinkedHashMap<>(s.selector());
        externalIps.addAll(s.externalIps());
        ingress.addAll(s.loadBalancerIngress());
        sourceRanges.addAll(s.loadBalancerSourceRanges());
        etp = s.externalTrafficPolicy();
        itp = s.internalTrafficPolicy();
        affinity = s.sessionAffinity();
        affinityTimeout = s.affinityTimeoutSeconds();
        healthCheckNodePort = s.healthCheckNodePort();
        externalName = s.externalName();
        location = s.location();
    }

    public ServiceBuilder type(ServiceType t) { this.type = t; return this; }
    public ServiceBuilder clusterIp(IpAddress ip) { clusterIps.add(ip); return this; }
    public ServiceBuilder clusterIps(List<IpAddress> ips) { clusterIps.clear(); clusterIps.addAll(ips); return this; }
    public ServiceBuilder headless(boolean h) { this.headless = h; return this; }
    public ServiceBuilder port(ServicePort p) { ports.add(p); return this; }
    public ServiceBuilder ports(List<ServicePort> ps) { ports.clear(); ports.addAll(ps); return this; }
    public ServiceBuilder selector(Map<String, String> sel) { this.selector = sel == null ? null : new LinkedHashMap<>(sel); return this; }
    public ServiceBuilder externalIp(IpAddress ip) { externalIps.add(ip); return this; }
    public ServiceBuilder loadBalancerIngress(LoadBalancerIngress i) { ingress.add(i); return this; }
    public ServiceBuilder loadBalancerSourceRange(String r) { sourceRanges.add(r); return this; }
    public ServiceBuilder externalTrafficPolicy(TrafficPolicy p) { this.etp = p; return this; }
    public ServiceBuilder internalTrafficPolicy(TrafficPolicy p) { this.itp = p; return this; }
    public ServiceBuilder sessionAffinity(SessionAffinity a, int timeoutSeconds) { this.affinity = a; this.affinityTimeout = timeoutSeconds; return this; }
    public ServiceBuilder healthCheckNodePort(int p) { this.healthCheckNodePort = p; return this; }
    public ServiceBuilder externalName(String n) { this.externalName = n; return this; }
    public ServiceBuilder location(SourceLocation l) { this.location = l; return this; }

    public Service build() {
        return new Service(namespace, name, type, clusterIps, headless, ports, selector, externalIps, ingress,
                sourceRanges, etp, itp, affinity, affinityTimeout, healthCheckNodePort, externalName, location);
    }
}
