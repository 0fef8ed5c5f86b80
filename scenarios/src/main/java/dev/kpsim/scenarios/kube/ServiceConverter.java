package dev.kpsim.scenarios.kube;

import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceBuilder;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.collect.ServiceDraft;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Values;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A v1 Service, read literally through fabric8's model: ClusterIPs, ports and NodePorts exactly as stored
 * (nothing allocated; a NodePort Service without {@code nodePort} has none), plus the API server's field
 * defaults that a stored object always carries (type ClusterIP, protocol TCP, targetPort = port, policies
 * Cluster, affinity None with 10800 s). Mirrors what kube-proxy's {@code newBaseServiceInfo}
 * ({@code pkg/proxy/serviceport.go}) reads.
 */
public final class ServiceConverter {
    static final List<String> TYPES = List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
    static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    static final List<String> POLICIES = List.of("Cluster", "Local");
    static final List<String> AFFINITIES = List.of("None", "ClientIP");
    static final List<String> FAMILIES = List.of("IPv4", "IPv6");
    static final List<String> IP_MODES = List.of("VIP", "Proxy");

    private ServiceConverter() {
    }

    public static void read(Located obj, Values v, InputCollector out) {
        Optional<ObjectIdentity> meta = ObjectIdentity.read(obj, "Service", true, v);
        Optional<io.fabric8.kubernetes.api.model.Service> svc = KubeMapper.convert(obj, io.fabric8.kubernetes.api.model.Service.class, v);
        if (meta.isEmpty() || svc.isEmpty()) {
            return;
        }
        ServiceSpec spec = svc.get().getSpec() == null ? new ServiceSpec() : svc.get().getSpec();
        Located at = obj.get("spec");
        ServiceBuilder b = Service.builder(meta.get().namespace(), meta.get().name()).location(meta.get().location());

        ServiceType type = spec.getType() == null ? ServiceType.ClusterIP
                : v.oneOf(spec.getType(), at.get("type"), "Service type", TYPES).map(ServiceType::valueOf).orElse(ServiceType.ClusterIP);
        b.type(type);

        SourceLocation clusterIpAt;
        List<String> ips = spec.getClusterIPs();
        Located ipsAt = at.get("clusterIPs");
        if (ips == null || ips.isEmpty()) {
            ips = spec.getClusterIP() == null || spec.getClusterIP().isEmpty() ? List.of() : List.of(spec.getClusterIP());
            ipsAt = null;
            clusterIpAt = at.get("clusterIP").location();
        } else {
            clusterIpAt = ipsAt.at(0).location();
        }
        for (int i = 0; i < ips.size(); i++) {
            String ip = ips.get(i);
            Located ipAt = ipsAt == null ? at.get("clusterIP") : ipsAt.at(i);
            if (ip.equals("None")) {
                b.headless(true);
            } else {
                v.ip(ip, ipAt).ifPresent(b::clusterIp);
            }
        }
        if (spec.getIpFamilies() != null) {
            for (int i = 0; i < spec.getIpFamilies().size(); i++) {
                v.oneOf(String.valueOf(spec.getIpFamilies().get(i)), at.get("ipFamilies").at(i), "IP family", FAMILIES);
            }
        }
        b.ports(ports(spec, at, v));
        b.selector(spec.getSelector() == null || spec.getSelector().isEmpty() ? null : spec.getSelector());
        readList(spec.getExternalIPs(), at.get("externalIPs"), v).forEach(b::externalIp);
        ingress(svc.get(), obj.get("status").get("loadBalancer").get("ingress"), v).forEach(b::loadBalancerIngress);
        List<String> ranges = spec.getLoadBalancerSourceRanges() == null ? List.of() : spec.getLoadBalancerSourceRanges();
        for (int i = 0; i < ranges.size(); i++) {
            v.cidr(ranges.get(i), at.get("loadBalancerSourceRanges").at(i));
            b.loadBalancerSourceRange(ranges.get(i));
        }
        b.externalTrafficPolicy(policy(spec.getExternalTrafficPolicy(), at.get("externalTrafficPolicy"), "externalTrafficPolicy", v));
        b.internalTrafficPolicy(policy(spec.getInternalTrafficPolicy(), at.get("internalTrafficPolicy"), "internalTrafficPolicy", v));
        SessionAffinity affinity = spec.getSessionAffinity() == null ? SessionAffinity.None
                : v.oneOf(spec.getSessionAffinity(), at.get("sessionAffinity"), "session affinity", AFFINITIES)
                        .map(SessionAffinity::valueOf).orElse(SessionAffinity.None);
        int timeout = SessionAffinity.DEFAULT_TIMEOUT_SECONDS;
        if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
                && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
            timeout = checkTimeout(spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds(),
                    at.get("sessionAffinityConfig").get("clientIP").get("timeoutSeconds"), v);
        }
        b.sessionAffinity(affinity, timeout);
        if (spec.getHealthCheckNodePort() != null && spec.getHealthCheckNodePort() != 0
                && v.checkPort(spec.getHealthCheckNodePort(), at.get("healthCheckNodePort"))) {
            b.healthCheckNodePort(spec.getHealthCheckNodePort());
        }
        b.externalName(spec.getExternalName());
        out.addService(ServiceDraft.literal(b.build(), clusterIpAt));
    }

    /** Checks a ClientIP affinity timeout against the API's 1-86400 s. */
    public static int checkTimeout(int seconds, Located at, Values v) {
        if (seconds < 1 || seconds > 86400) {
            v.diagnostics().error(at.location(), "bad-value",
                    at.path() + ": session affinity timeout " + seconds + " is out of range (1-86400 seconds)");
            return SessionAffinity.DEFAULT_TIMEOUT_SECONDS;
        }
        return seconds;
    }

    static TrafficPolicy policy(String text, Located at, String what, Values v) {
        return text == null || text.isEmpty() ? TrafficPolicy.Cluster
                : v.oneOf(text, at, what, POLICIES).map(TrafficPolicy::valueOf).orElse(TrafficPolicy.Cluster);
    }

    static List<IpAddress> readList(List<String> texts, Located at, Values v) {
        List<IpAddress> out = new ArrayList<>();
        if (texts != null) {
            for (int i = 0; i < texts.size(); i++) {
                v.ip(texts.get(i), at.at(i)).ifPresent(out::add);
            }
        }
        return out;
    }

    private static List<ServicePort> ports(ServiceSpec spec, Located at, Values v) {
        List<ServicePort> out = new ArrayList<>();
        List<io.fabric8.kubernetes.api.model.ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        for (int i = 0; i < ports.size(); i++) {
            io.fabric8.kubernetes.api.model.ServicePort p = ports.get(i);
            Located pAt = at.get("ports").at(i);
            Protocol protocol = p.getProtocol() == null ? Protocol.TCP
                    : v.oneOf(p.getProtocol(), pAt.get("protocol"), "protocol", PROTOCOLS).flatMap(Protocol::parse).orElse(Protocol.TCP);
            if (p.getPort() == null) {
                v.diagnostics().error(pAt.location(), "missing-field", pAt.path() + ": a Service port needs 'port'");
                continue;
            }
            if (!v.checkPort(p.getPort(), pAt.get("port"))) {
                continue;
            }
            PortRef target = PortRef.of(p.getPort());
            IntOrString tp = p.getTargetPort();
            if (tp != null && tp.getIntVal() != null && tp.getIntVal() != 0) {
                if (v.checkPort(tp.getIntVal(), pAt.get("targetPort"))) {
                    target = PortRef.of(tp.getIntVal());
                }
            } else if (tp != null && tp.getStrVal() != null && !tp.getStrVal().isEmpty()) {
                target = PortRef.named(tp.getStrVal());
            }
            int nodePort = 0;
            if (p.getNodePort() != null && p.getNodePort() != 0 && v.checkPort(p.getNodePort(), pAt.get("nodePort"))) {
                nodePort = p.getNodePort();
            }
            out.add(new ServicePort(p.getName(), protocol, p.getPort(), target, nodePort));
        }
        return out;
    }

    private static List<LoadBalancerIngress> ingress(io.fabric8.kubernetes.api.model.Service svc, Located at, Values v) {
        List<LoadBalancerIngress> out = new ArrayList<>();
        if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null || svc.getStatus().getLoadBalancer().getIngress() == null) {
            return out;
        }
        List<io.fabric8.kubernetes.api.model.LoadBalancerIngress> list = svc.getStatus().getLoadBalancer().getIngress();
        for (int i = 0; i < list.size(); i++) {
            io.fabric8.kubernetes.api.model.LoadBalancerIngress in = list.get(i);
            Located iAt = at.at(i);
            IpAddress ip = in.getIp() == null || in.getIp().isEmpty() ? null : v.ip(in.getIp(), iAt.get("ip")).orElse(null);
            String mode = in.getIpMode() == null ? null : v.oneOf(in.getIpMode(), iAt.get("ipMode"), "ipMode", IP_MODES).orElse(null);
            out.add(new LoadBalancerIngress(ip, in.getHostname(), mode));
        }
        return out;
    }
}
