package dev.kpsim.scenarios.compact;

import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.net.IpAddress;
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
 * One entry of a scenario's {@code pods:}: {@code name}, {@code namespace} (default {@code default}),
 * {@code labels}, {@code ip} or {@code ips}, {@code node}, {@code ready} (default true), {@code terminating}
 * (default false), {@code hostNetwork} (default false; such a pod without an IP takes its node's addresses) and
 * container {@code ports} ({@code name}, {@code port}, {@code protocol}) for named targetPorts.
 */
final class PodSectionReader {
    private PodSectionReader() {
    }

    static void read(Located at, Values v, InputCollector out) {
        Fields f = Fields.of(at, v);
        Optional<String> name = ScenarioReader.requiredName(f, "pod", v);
        String namespace = v.string(f.get("namespace")).filter(s -> !s.isEmpty()).orElse("default");
        List<IpAddress> ips = new ArrayList<>();
        for (String field : List.of("ip", "ips")) {
            for (Located a : v.stringList(f.get(field))) {
                v.ip(a.text(), a).ifPresent(ips::add);
            }
        }
        List<ContainerPort> ports = new ArrayList<>();
        for (Located p : v.list(f.get("ports"))) {
            Fields pf = Fields.of(p, v);
            String portName = v.string(pf.get("name")).orElse("");
            Located numberAt = pf.get("port");
            OptionalInt number = v.port(numberAt);
            if (numberAt.isAbsent()) {
                v.diagnostics().error(p.location(), "missing-field", p.path() + ": a container port needs 'port'");
            }
            Protocol protocol = v.oneOf(pf.get("protocol"), "protocol", ServiceSectionReader.PROTOCOLS).flatMap(Protocol::parse).orElse(Protocol.TCP);
            pf.finish(Severity.ERROR);
            number.ifPresent(n -> ports.add(new ContainerPort(portName, n, protocol)));
        }
        Pod pod = new Pod(namespace, name.orElse(""), v.stringMap(f.get("labels")), ips, v.string(f.get("node")).orElse(null), ports,
                v.bool(f.get("ready")).orElse(true), v.bool(f.get("terminating")).orElse(false),
                v.bool(f.get("hostNetwork")).orElse(false), at.location());
        f.finish(Severity.ERROR);
        if (name.isPresent()) {
            out.addPod(pod);
        }
    }
}
