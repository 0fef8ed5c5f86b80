package dev.kpsim.emulator.compare;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The frontends of the node under test, in kube-proxy's service-port order (per family, IPv4 first): for each service
 * port its ClusterIP, external IPs, load-balancer IPs and NodePort on each node address. TCP and UDP only (the
 * emulator's responders answer nothing else).
 */
public final class Frontends {

    private Frontends() {
    }

    /**
     * Every frontend of the service ports {@code service} selects ({@code ns/name}, {@code ns/name:port} or
     * {@code ns/name:portnumber}), or of every service port when empty.
     *
     * @throws BadInputException if {@code service} selects nothing on the node, or nothing is left to emulate
     */
    public static List<Frontend> of(ProxyInput input, Optional<String> service) {
        List<Frontend> out = new ArrayList<>();
        boolean matched = false;
        for (IpFamily family : IpFamily.values()) {
            NodeProxyView view = input.view(family);
            for (ServicePortEntry e : view.servicePorts()) {
                ServicePortInfo i = e.info();
                if (service.isPresent() && !matches(i, service.get())) {
                    continue;
                }
                matched = true;
                if (i.protocol() != Protocol.TCP && i.protocol() != Protocol.UDP) {
                    continue;
                }
                String name = i.name().toString();
                List<IpAddress> eps = e.endpoints().stream().map(x -> x.address().ip()).distinct().toList();
                out.add(new Frontend(Frontend.Kind.CLUSTER_IP, name, i.protocol(), new HostPort(i.clusterIp(), i.port()), List.of(), eps));
                for (IpAddress ip : i.externalIps()) {
                    out.add(new Frontend(Frontend.Kind.EXTERNAL_IP, name, i.protocol(), new HostPort(ip, i.port()), List.of(), eps));
                }
                List<Cidr> ranges = i.loadBalancerSourceRanges().stream().flatMap(r -> Cidr.tryParse(r).stream()).toList();
                for (IpAddress ip : i.loadBalancerVips()) {
                    out.add(new Frontend(Frontend.Kind.LOAD_BALANCER_IP, name, i.protocol(), new HostPort(ip, i.port()), ranges, eps));
                }
                if (i.nodePort() != 0) {
                    for (IpAddress ip : view.nodeIps()) {
                        out.add(new Frontend(Frontend.Kind.NODE_PORT, name, i.protocol(), new HostPort(ip, i.nodePort()), List.of(), eps));
                    }
                }
            }
        }
        if (service.isPresent() && !matched) {
            throw new BadInputException(SourceLocation.UNKNOWN, "unknown-service", "no service port '" + service.get()
                    + "' on node " + input.nodeName() + " (services are named namespace/name or namespace/name:port)");
        }
        if (out.isEmpty()) {
            throw new BadInputException(SourceLocation.UNKNOWN, "no-target",
                    "no TCP or UDP service frontend to emulate on node " + input.nodeName() + "; give --dst IP:PORT");
        }
        return List.copyOf(out);
    }

    /** A hand-given destination. */
    public static Frontend address(HostPort address, Protocol protocol) {
        return new Frontend(Frontend.Kind.ADDRESS, "", protocol, address, List.of(), List.of());
    }

    static boolean matches(ServicePortInfo i, String selector) {
        String key = i.name().serviceKey();
        return selector.equals(key) || selector.equals(i.name().toString()) || selector.equals(key + ":" + i.name().port())
                || selector.equals(key + ":" + i.port());
    }
}
