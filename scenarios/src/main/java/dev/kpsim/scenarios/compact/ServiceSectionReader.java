package dev.kpsim.scenarios.compact;

import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceBuilder;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.collect.ServiceDraft;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Fields;
import dev.kpsim.scenarios.read.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a scenario's {@code services:}. Like {@code kubectl create} against a real API server: the API's
 * defaults apply (type ClusterIP, protocol TCP, targetPort = port, policies Cluster, affinity None / 10800 s),
 * a missing ClusterIP is allocated (unless the type is ExternalName or {@code clusterIP: None}), missing
 * NodePorts of NodePort and LoadBalancer Services are allocated (not for a LoadBalancer with
 * {@code allocateLoadBalancerNodePorts: false}), and a LoadBalancer with {@code externalTrafficPolicy: Local}
 * gets a {@code healthCheckNodePort}. {@code loadBalancerIPs} become {@code status.loadBalancer.ingress} entries
 * with ipMode VIP. As the API validates, a Service with several ports needs a unique name for each.
 */
final class ServiceSectionReader {
    static final List<String> TYPES = List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
    static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    static final List<String> POLICIES = List.of("Cluster", "Local");

    private ServiceSectionReader() {
    }

    static void read(Located at, Values v, InputCollector out) {
        Fields f = Fields.of(at, v);
        Optional<String> name = ScenarioReader.requiredName(f, "service", v);
        String namespace = v.string(f.get("namespace")).filter(s -> !s.isEmpty()).orElse("default");
        ServiceType type = v.oneOf(f.get("type"), "Service type", TYPES).map(ServiceType::valueOf).orElse(ServiceType.ClusterIP);
        ServiceBuilder b = Service.builder(namespace, name.orElse("")).type(type).location(at.location());

        boolean headless = false;
        Located ipAt = f.get("clusterIP");
        Located ipsAt = f.get("clusterIPs");
        List<Located> ips = new ArrayList<>(v.stringList(ipsAt.isAbsent() ? ipAt : ipsAt));
        for (Located ip : ips) {
            if (ip.text().equals("None")) {
                headless = true;
            } else {
                v.ip(ip.text(), ip).ifPresent(b::clusterIp);
            }
        }
        b.headless(headless);
        SourceLocation clusterIpLocation = ips.isEmpty() ? at.location() : ips.get(0).location();
        List<IpFamily> families = new ArrayList<>();
        for (Located fam : v.stringList(f.get("ipFamilies"))) {
            v.oneOf(fam.text(), fam, "IP family", List.of("IPv4", "IPv6")).flatMap(IpFamily::fromKubernetesName).ifPresent(families::add);
        }
        Map<String, String> selector = v.stringMap(f.get("selector"));
        b.selector(selector.isEmpty() ? null : selector);

        List<Integer> needNodePort = new ArrayList<>();
        boolean allocateLbNodePorts = v.bool(f.get("allocateLoadBalancerNodePorts")).orElse(true);
        boolean wantsNodePorts = type == ServiceType.NodePort || (type == ServiceType.LoadBalancer && allocateLbNodePorts);
        List<Located> portList = v.list(f.get("ports"));
        Map<String, Located> names = new HashMap<>();
        List<ServicePort> ports = new ArrayList<>();
        for (Located p : portList) {
            Optional<ServicePort> sp = port(p, v, portList.size() > 1, names);
            if (sp.isPresent()) {
                if (wantsNodePorts && sp.get().nodePort() == 0) {
                    needNodePort.add(ports.size());
                }
                ports.add(sp.get());
            }
        }
        b.ports(ports);
        for (Located e : v.stringList(f.get("externalIPs"))) {
            v.ip(e.text(), e).ifPresent(b::externalIp);
        }
        for (Located e : v.stringList(f.get("loadBalancerIPs"))) {
            v.ip(e.text(), e).ifPresent(ip -> b.loadBalancerIngress(new LoadBalancerIngress(ip, null, "VIP")));
        }
        for (Located e : v.stringList(f.get("loadBalancerSourceRanges"))) {
            v.cidr(e.text(), e).ifPresent(c -> b.loadBalancerSourceRange(e.text()));
        }
        TrafficPolicy etp = v.oneOf(f.get("externalTrafficPolicy"), "externalTrafficPolicy", POLICIES).map(TrafficPolicy::valueOf).orElse(TrafficPolicy.Cluster);
        b.externalTrafficPolicy(etp);
        b.internalTrafficPolicy(v.oneOf(f.get("internalTrafficPolicy"), "internalTrafficPolicy", POLICIES).map(TrafficPolicy::valueOf).orElse(TrafficPolicy.Cluster));
        SessionAffinity affinity = v.oneOf(f.get("sessionAffinity"), "session affinity", List.of("None", "ClientIP"))
                .map(SessionAffinity::valueOf).orElse(SessionAffinity.None);
        Located timeoutAt = f.get("sessionAffinityTimeoutSeconds");
        OptionalInt timeout = v.integer(timeoutAt);
        b.sessionAffinity(affinity, timeout.isPresent()
                ? dev.kpsim.scenarios.kube.ServiceConverter.checkTimeout(timeout.getAsInt(), timeoutAt, v)
                : SessionAffinity.DEFAULT_TIMEOUT_SECONDS);
        Located hcAt = f.get("healthCheckNodePort");
        OptionalInt hc = v.port(hcAt);
        hc.ifPresent(b::healthCheckNodePort);
        v.string(f.get("externalName")).ifPresent(b::externalName);
        f.finish(Severity.ERROR);
        if (name.isEmpty()) {
            return;
        }
        Service s = b.build();
        boolean allocateIps = s.clusterIps().isEmpty() && !headless && type != ServiceType.ExternalName && ips.isEmpty();
        boolean needHc = type == ServiceType.LoadBalancer && etp == TrafficPolicy.Local && hcAt.isAbsent();
        out.addService(new ServiceDraft(s, allocateIps, families, needNodePort, needHc, type != ServiceType.ExternalName, clusterIpLocation));
    }

    private static Optional<ServicePort> port(Located at, Values v, boolean several, Map<String, Located> names) {
        Fields f = Fields.of(at, v);
        String name = v.string(f.get("name")).orElse("");
        if (several && name.isEmpty()) {
            v.diagnostics().error(at.location(), "missing-field", at.path() + ": a Service with several ports needs a name for each");
        } else if (!name.isEmpty() && names.containsKey(name)) {
            v.diagnostics().error(f.get("name").location(), "duplicate-port-name",
                    at.path() + ": port name '" + name + "' is already used at " + names.get(name).location());
        }
        names.putIfAbsent(name, f.get("name"));
        Protocol protocol = v.oneOf(f.get("protocol"), "protocol", PROTOCOLS).flatMap(Protocol::parse).orElse(Protocol.TCP);
        Located portAt = f.get("port");
        OptionalInt port = v.port(portAt);
        if (portAt.isAbsent()) {
            v.diagnostics().error(at.location(), "missing-field", at.path() + ": a Service port needs 'port'");
        }
        Located targetAt = f.get("targetPort");
        PortRef target = null;
        if (targetAt.node().isIntegralNumber() || (targetAt.node().isTextual() && targetAt.text().matches("[0-9]+"))) {
            OptionalInt t = v.port(targetAt);
            target = t.isPresent() ? PortRef.of(t.getAsInt()) : null;
        } else if (targetAt.node().isTextual() && !targetAt.text().isEmpty()) {
            target = PortRef.named(targetAt.text());
        } else if (!targetAt.isAbsent()) {
            v.typeError(targetAt, "a port number or a container port name");
        }
        Located nodePortAt = f.get("nodePort");
        OptionalInt nodePort = v.port(nodePortAt);
        f.finish(Severity.ERROR);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServicePort(name, protocol, port.getAsInt(), target, nodePort.orElse(0)));
    }
}
