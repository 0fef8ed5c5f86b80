package dev.kpsim.scenarios.compact;

import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Fields;
import dev.kpsim.scenarios.read.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a scenario's optional {@code endpointSlices:}, for endpoints no pod explains (a Service without
 * selector, a hand-made hint, a stale slice): {@code name}, {@code namespace}, {@code service} (the
 * {@code kubernetes.io/service-name} label, required), {@code addressType} (default: the family of the first
 * address), {@code ports} and {@code endpoints} with {@code addresses} (or {@code ip}), {@code ready},
 * {@code serving}, {@code terminating} (absent stays absent, as kube-proxy reads it), {@code node}, {@code zone},
 * {@code forZones}, {@code forNodes} and {@code pod}. A Service that has such a slice gets none derived.
 */
final class SliceSectionReader {
    private SliceSectionReader() {
    }

    static void read(Located at, Values v, InputCollector out) {
        Fields f = Fields.of(at, v);
        Optional<String> name = ScenarioReader.requiredName(f, "endpoint slice", v);
        String namespace = v.string(f.get("namespace")).filter(s -> !s.isEmpty()).orElse("default");
        Located serviceAt = f.get("service");
        Optional<String> service = v.string(serviceAt).filter(s -> !s.isEmpty());
        if (service.isEmpty()) {
            v.diagnostics().error(at.location(), "missing-service-name-label",
                    at.path() + ": an endpoint slice needs 'service' (its kubernetes.io/service-name label)");
        }
        Optional<IpFamily> family = v.oneOf(f.get("addressType"), "addressType", List.of("IPv4", "IPv6")).flatMap(IpFamily::fromKubernetesName);
        List<EndpointPort> ports = new ArrayList<>();
        for (Located p : v.list(f.get("ports"))) {
            Fields pf = Fields.of(p, v);
            String portName = v.string(pf.get("name")).orElse("");
            Located numberAt = pf.get("port");
            OptionalInt number = v.port(numberAt);
            if (numberAt.isAbsent()) {
                v.diagnostics().error(p.location(), "missing-field", p.path() + ": an endpoint port needs 'port'");
            }
            Protocol protocol = v.oneOf(pf.get("protocol"), "protocol", ServiceSectionReader.PROTOCOLS).flatMap(Protocol::parse).orElse(Protocol.TCP);
            pf.finish(Severity.ERROR);
            number.ifPresent(n -> ports.add(new EndpointPort(portName, protocol, n)));
        }
        List<SliceEndpoint> endpoints = new ArrayList<>();
        for (Located e : v.list(f.get("endpoints"))) {
            endpoints.add(endpoint(e, v, namespace));
        }
        f.finish(Severity.ERROR);
        IpFamily addressType = family.orElseGet(() -> endpoints.stream().flatMap(e -> e.addresses().stream())
                .findFirst().map(IpAddress::family).orElse(IpFamily.IPV4));
        for (int i = 0; i < endpoints.size(); i++) {
            for (IpAddress a : endpoints.get(i).addresses()) {
                if (a.family() != addressType) {
                    Located eAt = at.get("endpoints").at(i);
                    v.diagnostics().error(eAt.location(), "bad-ip", eAt.path() + ": '" + a + "' is not an "
                            + addressType.kubernetesName() + " address (the slice's addressType)");
                }
            }
        }
        if (name.isPresent() && service.isPresent()) {
            out.addSlice(new EndpointSlice(namespace, name.get(), service.get(), addressType, ports, endpoints, at.location()));
        }
    }

    private static SliceEndpoint endpoint(Located at, Values v, String namespace) {
        Fields f = Fields.of(at, v);
        List<IpAddress> addresses = new ArrayList<>();
        for (String field : List.of("addresses", "ip")) {
            for (Located a : v.stringList(f.get(field))) {
                v.ip(a.text(), a).ifPresent(addresses::add);
            }
        }
        Boolean ready = v.bool(f.get("ready")).orElse(null);
        Boolean serving = v.bool(f.get("serving")).orElse(null);
        Boolean terminating = v.bool(f.get("terminating")).orElse(null);
        String node = v.string(f.get("node")).orElse(null);
        String zone = v.string(f.get("zone")).orElse(null);
        List<String> forZones = v.stringList(f.get("forZones")).stream().map(Located::text).toList();
        List<String> forNodes = v.stringList(f.get("forNodes")).stream().map(Located::text).toList();
        String pod = v.string(f.get("pod")).map(p -> p.contains("/") ? p : namespace + "/" + p).orElse(null);
        f.finish(Severity.ERROR);
        return new SliceEndpoint(addresses, ready, serving, terminating, node, zone, forZones, forNodes, pod);
    }
}
