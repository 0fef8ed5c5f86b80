package dev.kpsim.core.analysis.graph;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.ChainNames;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.IpFamily;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which service port a per-service chain belongs to. In order: the provenance of its rules (generated data planes),
 * a name computed from the cluster's services with kube-proxy's hashes ({@link #fromCluster}; works on dumps whose
 * comments were stripped in large-cluster mode), the service path in an nftables chain name
 * ({@code service-ULMVA6XW-ns/svc/tcp/port}), and last the {@code ns/name:port} in the rules' comments.
 * Only kube-proxy's per-service chain families have an owner; shared chains (KUBE-SERVICES) have none.
 */
public final class ServiceOwners {
    private ServiceOwners() {
    }

    private static final Pattern SPN = Pattern.compile("(?<![\\w./:-])([a-z0-9][-a-z0-9.]*)/([a-z0-9][-a-z0-9.]*)(?::([-a-z0-9]+))?");

    /** True for the chain-name families kube-proxy writes one of per service port or endpoint. */
    public static boolean perService(String chain) {
        if (chain.endsWith("-check")) {
            return false;
        }
        for (String p : new String[] {"KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-XLB-", "KUBE-SEP-",
                "service-", "local-", "external-", "endpoint-"}) {
            if (chain.startsWith(p)) {
                return true;
            }
        }
        return chain.startsWith("firewall-");
    }

    static Optional<String> owner(GraphChain c, Map<String, String> owners) {
        if (!perService(c.name())) {
            return Optional.empty();
        }
        for (GraphRule r : c.rules()) {
            if (r.provenance() != null && r.provenance().servicePort() != null) {
                return Optional.of(r.provenance().servicePort());
            }
        }
        String known = owners.get(c.name());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> fromName = serviceInNftChainName(c.name());
        if (fromName.isPresent()) {
            return fromName;
        }
        for (GraphRule r : c.rules()) {
            Optional<String> s = serviceInComment(r.text());
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    /** {@code service-HASH-ns/name/proto/port[__ip/port]} → {@code ns/name:port} (or {@code ns/name} for an unnamed port). */
    public static Optional<String> serviceInNftChainName(String chain) {
        int dash = chain.indexOf('-');
        int second = dash < 0 ? -1 : chain.indexOf('-', dash + 1);
        if (second < 0 || chain.startsWith("KUBE-")) {
            return Optional.empty();
        }
        String rest = chain.substring(second + 1);
        int end = rest.indexOf("__");
        if (end >= 0) {
            rest = rest.substring(0, end);
        }
        String[] parts = rest.split("/", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        return Optional.of(parts[0] + "/" + parts[1] + (parts[3].isEmpty() ? "" : ":" + parts[3]));
    }

    /** The first {@code ns/name[:port]} of a kube-proxy comment in an iptables rule. */
    public static Optional<String> serviceInComment(String ruleText) {
        String comment = dev.kpsim.core.analysis.explain.RoleInference.comment(ruleText);
        if (comment == null) {
            return Optional.empty();
        }
        Matcher m = SPN.matcher(comment);
        while (m.find()) {
            String all = m.group(1) + m.group(2);
            if (all.chars().anyMatch(Character::isLetter)) {
                return Optional.of(m.group(1) + "/" + m.group(2) + (m.group(3) == null ? "" : ":" + m.group(3)));
            }
        }
        return Optional.empty();
    }

    /**
     * Chain name → service port for every chain kube-proxy's iptables mode names after the cluster's service ports and
     * endpoints (KUBE-SVC/SVL/EXT/FW/XLB and KUBE-SEP), with both the v1.19+ and the older port-name strings.
     */
    public static Map<String, String> fromCluster(Cluster cluster, ProxyConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        String node = cluster.nodes().isEmpty() ? "" : cluster.nodes().get(0).name();
        for (IpFamily f : IpFamily.values()) {
            for (ServicePortEntry e : NodeProxyView.build(cluster, config, node, f).servicePorts()) {
                ServicePortName spn = e.info().name();
                String proto = spn.protocol().lower();
                Map<String, String> names = new HashMap<>();
                for (String s : new String[] {spn.toString(), spn.legacyString()}) {
                    names.put(ChainNames.svc(s, proto), spn.toString());
                    names.put(ChainNames.svl(s, proto), spn.toString());
                    names.put(ChainNames.ext(s, proto), spn.toString());
                    names.put(ChainNames.fw(s, proto), spn.toString());
                    names.put(ChainNames.xlb(s, proto), spn.toString());
                    for (EndpointInfo ep : e.endpoints()) {
                        names.put(ChainNames.sep(s, proto, ep.toString()), spn.toString());
                    }
                }
                names.forEach(out::putIfAbsent);
            }
        }
        return out;
    }
}
