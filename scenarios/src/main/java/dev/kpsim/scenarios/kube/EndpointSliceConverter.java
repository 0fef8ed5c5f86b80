package dev.kpsim.scenarios.kube;

import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Values;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.ForNode;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code discovery.k8s.io/v1} EndpointSlice, read literally through fabric8's model, as kube-proxy's
 * {@code EndpointSliceCache} ({@code pkg/proxy/endpointslicecache.go}) consumes it: conditions kept as written
 * ({@code null} when absent, which kube-proxy reads as ready, serving, not terminating), hints, node and zone. The
 * owning Service is the {@code kubernetes.io/service-name} label; a slice without it is an error (kube-proxy
 * would ignore it). {@code FQDN} slices are skipped with a warning, as kube-proxy skips them. Ports without a
 * name or protocol get the API defaults ("" and TCP); a port without a number is skipped with a warning.
 */
public final class EndpointSliceConverter {
    /** The label naming a slice's Service ({@code discovery.LabelServiceName}). */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private EndpointSliceConverter() {
    }

    public static void read(Located obj, Values v, InputCollector out) {
        Optional<ObjectIdentity> meta = ObjectIdentity.read(obj, "EndpointSlice", true, v);
        Optional<io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice> es =
                KubeMapper.convert(obj, io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class, v);
        if (meta.isEmpty() || es.isEmpty()) {
            return;
        }
        String service = meta.get().labels().get(SERVICE_NAME_LABEL);
        if (service == null || service.isEmpty()) {
            Located labels = obj.get("metadata").get("labels");
            v.diagnostics().error(labels.isAbsent() ? obj.get("metadata").location() : labels.location(), "missing-service-name-label",
                    "EndpointSlice " + meta.get().key() + " has no " + SERVICE_NAME_LABEL + " label (kube-proxy ignores such slices)");
            return;
        }
        Located typeAt = obj.get("addressType");
        String addressType = es.get().getAddressType();
        if (addressType == null) {
            v.diagnostics().error(obj.location(), "missing-field", "EndpointSlice " + meta.get().key() + " without addressType");
            return;
        }
        if (addressType.equals("FQDN")) {
            v.diagnostics().warning(typeAt.location(), "fqdn-slice",
                    "EndpointSlice " + meta.get().key() + " has addressType FQDN, which kube-proxy ignores");
            return;
        }
        Optional<IpFamily> family = v.oneOf(addressType, typeAt, "addressType", List.of("IPv4", "IPv6", "FQDN"))
                .flatMap(IpFamily::fromKubernetesName);
        if (family.isEmpty()) {
            return;
        }
        List<EndpointPort> ports = new ArrayList<>();
        var fports = es.get().getPorts() == null ? List.<io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort>of() : es.get().getPorts();
        for (int i = 0; i < fports.size(); i++) {
            var p = fports.get(i);
            Located pAt = obj.get("ports").at(i);
            if (p.getPort() == null) {
                v.diagnostics().warning(pAt.location(), "slice-port-without-number",
                        pAt.path() + ": a port without a number (\"all ports\") is ignored by kube-proxy");
                continue;
            }
            if (!v.checkPort(p.getPort(), pAt.get("port"))) {
                continue;
            }
            Protocol protocol = p.getProtocol() == null ? Protocol.TCP
                    : v.oneOf(p.getProtocol(), pAt.get("protocol"), "protocol", ServiceConverter.PROTOCOLS).flatMap(Protocol::parse).orElse(Protocol.TCP);
            ports.add(new EndpointPort(p.getName(), protocol, p.getPort()));
        }
        List<SliceEndpoint> endpoints = new ArrayList<>();
        List<Endpoint> feps = es.get().getEndpoints() == null ? List.of() : es.get().getEndpoints();
        for (int i = 0; i < feps.size(); i++) {
            endpoints.add(endpoint(feps.get(i), obj.get("endpoints").at(i), family.get(), meta.get().namespace(), v));
        }
        out.addSlice(new EndpointSlice(meta.get().namespace(), meta.get().name(), service, family.get(), ports, endpoints,
                meta.get().location()));
    }

    private static SliceEndpoint endpoint(Endpoint e, Located at, IpFamily family, String namespace, Values v) {
        List<IpAddress> addresses = new ArrayList<>();
        List<String> texts = e.getAddresses() == null ? List.of() : e.getAddresses();
        for (int i = 0; i < texts.size(); i++) {
            Located aAt = at.get("addresses").at(i);
            String text = texts.get(i);
            Optional<IpAddress> ip = v.ip(text, aAt);
            if (ip.isPresent() && ip.get().family() != family) {
                v.diagnostics().error(aAt.location(), "bad-ip", aAt.path() + ": '" + text + "' is not an "
                        + family.kubernetesName() + " address (the slice's addressType)");
            } else {
                ip.ifPresent(addresses::add);
            }
        }
        Boolean ready = e.getConditions() == null ? null : e.getConditions().getReady();
        Boolean serving = e.getConditions() == null ? null : e.getConditions().getServing();
        Boolean terminating = e.getConditions() == null ? null : e.getConditions().getTerminating();
        List<String> zones = e.getHints() == null || e.getHints().getForZones() == null ? List.of()
                : e.getHints().getForZones().stream().map(ForZone::getName).toList();
        List<String> nodes = e.getHints() == null || e.getHints().getForNodes() == null ? List.of()
                : e.getHints().getForNodes().stream().map(ForNode::getName).toList();
        String pod = null;
        if (e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind()) && e.getTargetRef().getName() != null) {
            String ns = e.getTargetRef().getNamespace() == null ? namespace : e.getTargetRef().getNamespace();
            pod = ns + "/" + e.getTargetRef().getName();
        }
        return new SliceEndpoint(addresses, ready, serving, terminating, e.getNodeName(), e.getZone(), zones, nodes, pod);
    }
}
