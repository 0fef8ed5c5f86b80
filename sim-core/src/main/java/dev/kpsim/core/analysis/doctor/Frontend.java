package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * One address a service port answers on, on one node: its ClusterIP, an external IP, a load-balancer IP, or its
 * NodePort on one of the node's addresses — the destinations kube-proxy writes a rule (or IPVS virtual server, or
 * nft map element) for in {@code syncProxyRules}.
 */
public record Frontend(ServicePortEntry entry, Kind kind, HostPort address) {

    /** Kinds of frontend, with kube-proxy's own comment words. */
    public enum Kind {
        CLUSTER_IP("cluster IP"), EXTERNAL_IP("external IP"), LOAD_BALANCER("loadbalancer IP"), NODE_PORT("node port");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public Protocol protocol() {
        return entry.info().protocol();
    }

    /** True for frontends reached from outside the cluster (everything but the ClusterIP): externalTrafficPolicy applies. */
    public boolean external() {
        return kind != Kind.CLUSTER_IP;
    }

    /**
     * How many endpoints new connections to this frontend are spread over when its traffic policy is kept: the local
     * endpoints under a Local policy that has some, else every cluster endpoint (at least 1).
     */
    public int spreadEndpoints() {
        var cat = entry.categorized();
        boolean local = external() ? entry.info().externalPolicyLocal() : entry.info().internalPolicyLocal();
        int n = local && !cat.localEndpoints().isEmpty() ? cat.localEndpoints().size() : cat.clusterEndpoints().size();
        return Math.max(1, n);
    }

    /** {@code 10.0.1.175:80/TCP}. */
    public String addressLabel() {
        return address + "/" + protocol().name();
    }

    /** {@code default/hostnames cluster IP 10.0.1.175:80/TCP}. */
    public String label() {
        return entry.info().name() + " " + kind.words() + " " + addressLabel();
    }

    /** Every frontend of every service port of the view, in the view's service-port order. */
    public static List<Frontend> all(NodeProxyView view, List<IpAddress> nodePortIps) {
        List<Frontend> out = new ArrayList<>();
        for (ServicePortEntry e : view.servicePorts()) {
            out.addAll(of(view, e, nodePortIps));
        }
        return out;
    }

    /**
     * The frontends of one service port: ClusterIP, external IPs, load-balancer IPs, then the NodePort on each of
     * {@code nodePortIps} (the addresses NodePorts are accepted on, see {@link #nodePortIps}).
     */
    public static List<Frontend> of(NodeProxyView view, ServicePortEntry e, List<IpAddress> nodePortIps) {
        ServicePortInfo i = e.info();
        List<Frontend> out = new ArrayList<>();
        out.add(new Frontend(e, Kind.CLUSTER_IP, new HostPort(i.clusterIp(), i.port())));
        for (IpAddress ip : i.externalIps()) {
            out.add(new Frontend(e, Kind.EXTERNAL_IP, new HostPort(ip, i.port())));
        }
        for (IpAddress ip : i.loadBalancerVips()) {
            out.add(new Frontend(e, Kind.LOAD_BALANCER, new HostPort(ip, i.port())));
        }
        if (i.nodePort() != 0) {
            for (IpAddress ip : nodePortIps) {
                out.add(new Frontend(e, Kind.NODE_PORT, new HostPort(ip, i.nodePort())));
            }
        }
        return out;
    }

    /**
     * The node addresses NodePorts are accepted on ({@code pkg/proxy/util/nodeport_addresses.go}): every address when
     * {@code nodePortAddresses} is empty (nftables mode: the primary address only, its default), else the primary
     * address for {@code primary} and the addresses inside the listed CIDRs; a zero CIDR means every address.
     */
    public static List<IpAddress> nodePortIps(NodeProxyView view, List<String> configured, String mode) {
        List<IpAddress> all = view.nodeIps();
        List<String> entries = configured.isEmpty() ? (mode.equals("nftables") ? List.of("primary") : List.of()) : configured;
        if (entries.isEmpty()) {
            return all;
        }
        List<IpAddress> out = new ArrayList<>();
        for (String s : entries) {
            if (s.equals("primary")) {
                if (!all.isEmpty() && !out.contains(all.get(0))) {
                    out.add(0, all.get(0));
                }
                continue;
            }
            var cidr = dev.kpsim.core.net.Cidr.tryParse(s);
            if (cidr.isPresent() && cidr.get().family() == view.family()) {
                if (cidr.get().prefixLength() == 0) {
                    return all;
                }
                for (IpAddress ip : all) {
                    if (cidr.get().contains(ip) && !out.contains(ip)) {
                        out.add(ip);
                    }
                }
            }
        }
        return out;
    }
}
