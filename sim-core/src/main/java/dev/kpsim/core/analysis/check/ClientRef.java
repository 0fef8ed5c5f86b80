package dev.kpsim.core.analysis.check;

import dev.kpsim.core.analysis.doctor.Client;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.Optional;

/**
 * Who sends a checked connection, as an expectation writes it: {@code pod NS/NAME} (or {@code pod NAME} in the
 * default namespace), {@code node NAME} (its host network), {@code external} (a client outside the cluster,
 * 192.0.2.10), {@code external IP}, or a bare IP address.
 */
public record ClientRef(String text, SourceLocation location) {

    /** The client for a connection of {@code family} on {@code subject}'s node. */
    public Client resolve(NodeSubject subject, IpFamily family) {
        String t = text.trim();
        String[] w = t.split("\\s+", 2);
        switch (w[0]) {
            case "pod" -> {
                Pod p = pod(subject, w.length > 1 ? w[1] : "");
                if (p.hostNetwork()) {
                    Node n = subject.model().flatMap(m -> m.cluster().node(p.nodeName())).orElseThrow(() -> bad("host-network pod "
                            + p.key() + " has no known node"));
                    return nodeClient(subject, n, family);
                }
                IpAddress ip = p.ips().stream().filter(a -> a.family() == family).findFirst()
                        .orElseThrow(() -> bad("pod " + p.key() + " has no " + family.kubernetesName() + " address"));
                return Client.pod(p.key(), ip);
            }
            case "node" -> {
                String name = w.length > 1 ? w[1].trim() : subject.nodeName();
                Node n = subject.model().flatMap(m -> m.cluster().node(name)).orElseThrow(() -> bad("no node " + name));
                return nodeClient(subject, n, family);
            }
            case "external" -> {
                if (w.length == 1) {
                    return Client.external(Client.externalAddress(family));
                }
                return Client.external(ip(w[1].trim()));
            }
            default -> {
                IpAddress ip = ip(t);
                Optional<Pod> p = subject.model().flatMap(m -> m.cluster().podByIp(ip));
                if (p.isPresent()) {
                    return Client.pod(p.get().key(), ip);
                }
                if (subject.environment().isLocalAddress(ip)) {
                    return new Client(Client.Kind.NODE, ip, "node " + subject.nodeName() + " (" + ip + ")");
                }
                return Client.external(ip);
            }
        }
    }

    private Client nodeClient(NodeSubject subject, Node n, IpFamily family) {
        IpAddress ip = n.addresses().stream().filter(a -> a.family() == family).findFirst()
                .orElseThrow(() -> bad("node " + n.name() + " has no " + family.kubernetesName() + " address"));
        return n.name().equals(subject.nodeName()) ? new Client(Client.Kind.NODE, ip, "node " + n.name() + " (" + ip + ")")
                : new Client(Client.Kind.EXTERNAL, ip, "node " + n.name() + " (" + ip + ")");
    }

    private Pod pod(NodeSubject subject, String name) {
        String key = name.contains("/") ? name.trim() : "default/" + name.trim();
        return subject.model().flatMap(m -> m.cluster().pods().stream().filter(p -> p.key().equals(key)).findFirst())
                .orElseThrow(() -> bad("no pod " + key + " in the cluster"));
    }

    private IpAddress ip(String s) {
        return IpAddress.tryParse(s).orElseThrow(() -> bad("'" + s + "' is not a client (pod NS/NAME, node NAME, external [IP], or an IP)"));
    }

    private BadInputException bad(String message) {
        return new BadInputException(location, "bad-client", message);
    }
}
