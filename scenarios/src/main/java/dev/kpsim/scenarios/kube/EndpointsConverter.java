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
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A legacy v1 Endpoints object, converted to EndpointSlices the way the EndpointSliceMirroring controller does
 * ({@code pkg/controller/endpointslicemirroring}): one slice per subset and address family, named
 * {@code <name>-mirror-<subset>} (IPv6 ones with {@code -ipv6}); {@code addresses} become endpoints with
 * {@code ready: true}, {@code notReadyAddresses} endpoints with {@code ready: false}, serving and terminating
 * left unset, {@code nodeName} and the target pod kept. kube-proxy reads only slices, so the loader uses these
 * only for a Service that has no EndpointSlice of its own.
 */
public final class EndpointsConverter {
    private EndpointsConverter() {
    }

    public static void read(Located obj, Values v, InputCollector out) {
        Optional<ObjectIdentity> meta = ObjectIdentity.read(obj, "Endpoints", true, v);
        Optional<Endpoints> eps = KubeMapper.convert(obj, Endpoints.class, v);
        if (meta.isEmpty() || eps.isEmpty() || !out.register("Endpoints", meta.get().namespace(), meta.get().name(), meta.get().location())) {
            return;
        }
        List<EndpointSubset> subsets = eps.get().getSubsets() == null ? List.of() : eps.get().getSubsets();
        for (int s = 0; s < subsets.size(); s++) {
            EndpointSubset subset = subsets.get(s);
            Located sAt = obj.get("subsets").at(s);
            List<EndpointPort> ports = new ArrayList<>();
            var fports = subset.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.EndpointPort>of() : subset.getPorts();
            for (int i = 0; i < fports.size(); i++) {
                var p = fports.get(i);
                Located pAt = sAt.get("ports").at(i);
                if (p.getPort() == null || !v.checkPort(p.getPort(), pAt.get("port"))) {
                    continue;
                }
                Protocol protocol = p.getProtocol() == null ? Protocol.TCP
                        : v.oneOf(p.getProtocol(), pAt.get("protocol"), "protocol", ServiceConverter.PROTOCOLS).flatMap(Protocol::parse).orElse(Protocol.TCP);
                ports.add(new EndpointPort(p.getName(), protocol, p.getPort()));
            }
            for (IpFamily family : IpFamily.values()) {
                List<SliceEndpoint> endpoints = new ArrayList<>();
                addAll(subset.getAddresses(), sAt.get("addresses"), true, family, meta.get().namespace(), v, endpoints);
                addAll(subset.getNotReadyAddresses(), sAt.get("notReadyAddresses"), false, family, meta.get().namespace(), v, endpoints);
                if (!endpoints.isEmpty()) {
                    String name = meta.get().name() + "-mirror-" + s + (family == IpFamily.IPV6 ? "-ipv6" : "");
                    out.addMirroredSlice(new EndpointSlice(meta.get().namespace(), name, meta.get().name(), family, ports,
                            endpoints, meta.get().location()));
                }
            }
        }
    }

    private static void addAll(List<EndpointAddress> addresses, Located at, boolean ready, IpFamily family, String namespace,
                               Values v, List<SliceEndpoint> out) {
        if (addresses == null) {
            return;
        }
        for (int i = 0; i < addresses.size(); i++) {
            EndpointAddress a = addresses.get(i);
            Located aAt = at.at(i).get("ip");
            Optional<IpAddress> ip = a.getIp() == null ? Optional.empty() : family == IpFamily.IPV4 ? v.ip(a.getIp(), aAt) : IpAddress.tryParse(a.getIp());
            if (a.getIp() == null && family == IpFamily.IPV4) {
                v.diagnostics().error(at.at(i).location(), "missing-field", at.at(i).path() + ": an address needs 'ip'");
            }
            if (ip.isEmpty() || ip.get().family() != family) {
                continue;
            }
            String pod = a.getTargetRef() != null && "Pod".equals(a.getTargetRef().getKind())
                    ? (a.getTargetRef().getNamespace() == null ? namespace : a.getTargetRef().getNamespace()) + "/" + a.getTargetRef().getName()
                    : null;
            out.add(new SliceEndpoint(List.of(ip.get()), ready, null, null, a.getNodeName(), null, List.of(), List.of(), pod));
        }
    }
}
