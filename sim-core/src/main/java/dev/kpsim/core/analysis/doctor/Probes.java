package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The probes of one doctor run, each run once: which client represents a frontend's usual traffic on this node, and
 * the cached outcomes of client → frontend. Not thread-safe; one per run.
 */
final class Probes {
    private final NodeSubject subject;
    private final Map<String, Probe> cache = new HashMap<>();

    Probes(NodeSubject subject) {
        this.subject = subject;
    }

    Optional<Simulator> simulator() {
        return subject.simulator();
    }

    /**
     * The probe from {@code client} to {@code f}; empty without a simulator, or when the node has no rules of the
     * probe's IP family to run it through (a dump of one family).
     */
    Optional<Probe> probe(Client client, Frontend f) {
        if (subject.simulator().isEmpty()) {
            return Optional.empty();
        }
        String key = client.address() + ">" + f.protocol() + " " + f.address();
        if (!cache.containsKey(key)) {
            try {
                cache.put(key, Probe.run(subject, subject.simulator().get(), client, f));
            } catch (dev.kpsim.core.diag.BadInputException e) {
                cache.put(key, null);
            }
        }
        return Optional.ofNullable(cache.get(key));
    }

    /**
     * The client a frontend's traffic usually comes from here: for a ClusterIP a pod on this node that is not one of
     * the service port's endpoints (else any pod, else the node itself); for the other frontends a client outside the
     * cluster, inside the first source range of a load-balancer IP that has some.
     */
    Client usualClient(NodeProxyView view, Frontend f) {
        if (!f.external()) {
            Optional<Client> pod = subject.environment().localPods().entrySet().stream()
                    .filter(p -> p.getKey().family() == view.family())
                    .filter(p -> f.entry().endpoints().stream().map(EndpointInfo::address).noneMatch(a -> a.ip().equals(p.getKey())))
                    .sorted(Map.Entry.comparingByKey())
                    .map(p -> Client.pod(p.getValue(), p.getKey())).findFirst();
            return pod.or(() -> Client.localPod(subject.environment(), view.family()))
                    .or(() -> Client.node(subject.environment(), view.family()))
                    .orElse(Client.external(Client.externalAddress(view.family())));
        }
        if (f.kind() == Frontend.Kind.LOAD_BALANCER) {
            for (String r : f.entry().info().loadBalancerSourceRanges()) {
                Optional<Cidr> c = Cidr.tryParse(r);
                if (c.isPresent()) {
                    return Client.insideRange(c.get());
                }
            }
        }
        return Client.external(Client.externalAddress(view.family()));
    }

    /** A client outside every source range of the frontend's service port. */
    Client outsideClient(NodeProxyView view) {
        IpAddress ip = Client.externalAddress(view.family());
        return Client.external(ip);
    }
}
