package dev.kpsim.scenarios.compact;

import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Fields;
import dev.kpsim.scenarios.read.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a scenario's {@code nodes:}: {@code name}; {@code addresses} (the Node's InternalIPs) then
 * {@code externalAddresses} (its ExternalIPs) as its own addresses in that order; {@code podCIDR} or
 * {@code podCIDRs}; {@code zone} (the {@code topology.kubernetes.io/zone} label).
 */
final class NodeSectionReader {
    private NodeSectionReader() {
    }

    static void read(Located at, Values v, InputCollector out) {
        Fields f = Fields.of(at, v);
        Optional<String> name = ScenarioReader.requiredName(f, "node", v);
        List<IpAddress> addresses = new ArrayList<>();
        for (String field : List.of("addresses", "externalAddresses")) {
            for (Located a : v.stringList(f.get(field))) {
                v.ip(a.text(), a).ifPresent(addresses::add);
            }
        }
        List<Cidr> cidrs = new ArrayList<>(v.cidrs(f.get("podCIDR")));
        cidrs.addAll(v.cidrs(f.get("podCIDRs")));
        String zone = v.string(f.get("zone")).orElse(null);
        f.finish(Severity.ERROR);
        name.ifPresent(n -> out.addNode(new Node(n, addresses, cidrs, zone, at.location())));
    }
}
