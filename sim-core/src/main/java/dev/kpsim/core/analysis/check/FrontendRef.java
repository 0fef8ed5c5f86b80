package dev.kpsim.core.analysis.check;

import dev.kpsim.core.analysis.doctor.Frontend;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a checked connection goes, as an expectation writes it: {@code service NS/NAME[:PORT]} (its ClusterIP),
 * {@code nodeport NS/NAME[:PORT] [on IP]} (default: the node's first NodePort address), {@code externalip
 * NS/NAME[:PORT]}, {@code loadbalancer NS/NAME[:PORT]}, or a literal {@code IP:PORT}. {@code PORT} is the port's name
 * or number; it may be left out when the Service has one port.
 */
public record FrontendRef(String text, SourceLocation location) {

    /** A resolved destination. */
    public record Target(HostPort address, Optional<Protocol> protocol, String label) {
    }

    public Target resolve(NodeSubject subject) {
        String t = text.trim();
        String[] w = t.split("\\s+");
        Frontend.Kind kind = switch (w[0]) {
            case "service" -> Frontend.Kind.CLUSTER_IP;
            case "nodeport" -> Frontend.Kind.NODE_PORT;
            case "externalip" -> Frontend.Kind.EXTERNAL_IP;
            case "loadbalancer" -> Frontend.Kind.LOAD_BALANCER;
            default -> null;
        };
        if (kind == null) {
            try {
                HostPort hp = HostPort.parse(t);
                return new Target(hp, Optional.empty(), hp.toString());
            } catch (IllegalArgumentException e) {
                throw bad("'" + t + "' is not a frontend (service NS/NAME[:PORT], nodeport NS/NAME[:PORT] [on IP], "
                        + "externalip ..., loadbalancer ..., or IP:PORT)");
            }
        }
        if (w.length < 2) {
            throw bad("'" + t + "' names no Service");
        }
        Optional<IpAddress> on = Optional.empty();
        if (w.length == 4 && w[2].equals("on")) {
            on = Optional.of(IpAddress.tryParse(w[3]).orElseThrow(() -> bad("'" + w[3] + "' is not an IP address")));
        } else if (w.length != 2) {
            throw bad("'" + t + "' is not a frontend (expected e.g. 'nodeport default/web:http on 10.240.0.11')");
        }
        String ref = w[1];
        int colon = ref.indexOf(':');
        String key = colon < 0 ? ref : ref.substring(0, colon);
        key = key.contains("/") ? key : "default/" + key;
        String port = colon < 0 ? null : ref.substring(colon + 1);
        List<Frontend> candidates = new ArrayList<>();
        List<ServicePortEntry> entries = new ArrayList<>();
        for (NodeProxyView v : subject.views()) {
            for (ServicePortEntry e : v.servicePorts()) {
                if (!e.info().name().serviceKey().equals(key)) {
                    continue;
                }
                if (port != null && !port.equals(e.info().name().port()) && !port.equals(String.valueOf(e.info().port()))) {
                    continue;
                }
                if (!entries.contains(e)) {
                    entries.add(e);
                }
                for (Frontend f : subject.frontends(v, e)) {
                    if (f.kind() == kind && (on.isEmpty() || f.address().ip().equals(on.get()))) {
                        candidates.add(f);
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            throw bad("no Service port " + key + (port == null ? "" : ":" + port) + " on node " + subject.nodeName());
        }
        if (port == null && entries.stream().map(e -> e.info().name()).distinct().count() > 1) {
            throw bad("Service " + key + " has several ports; name one (" + key + ":PORT)");
        }
        if (candidates.isEmpty()) {
            throw bad("Service " + key + " has no " + kind.words() + (on.map(ip -> " on " + ip).orElse("")) + " on node " + subject.nodeName());
        }
        Frontend f = candidates.get(0);
        return new Target(f.address(), Optional.of(f.protocol()), f.label());
    }

    private BadInputException bad(String message) {
        return new BadInputException(location, "bad-frontend", message);
    }
}
