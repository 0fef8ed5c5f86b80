package dev.kpsim.cli.render;

import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a node's view (what kube-proxy on that node knows: service ports, frontends, endpoints and their
 * categorisation) as an aligned table or as JSON.
 */
public final class NodeViewRenderer {
    private NodeViewRenderer() {
    }

    /** One table over all families: a row per endpoint, service-port columns on its first row only. */
    public static String text(List<NodeProxyView> views) {
        TextTable t = new TextTable("SERVICE PORT", "TYPE", "FRONTENDS", "ENDPOINT", "NODE", "READY", "SERVING",
                "TERMINATING", "LOCAL", "USED FOR");
        for (NodeProxyView v : views) {
            for (ServicePortEntry e : v.servicePorts()) {
                ServicePortInfo i = e.info();
                String name = i.name() + "/" + i.protocol().name();
                String frontends = String.join(" ", frontends(i));
                if (e.endpoints().isEmpty()) {
                    t.row(name, i.serviceType(), frontends, "<none>", "", "", "", "", "", "");
                    continue;
                }
                boolean first = true;
                for (EndpointInfo ep : e.endpoints()) {
                    t.row(first ? name : "", first ? i.serviceType() : "", first ? frontends : "", ep, nullToDash(ep.nodeName()),
                            yesNo(ep.ready()), yesNo(ep.serving()), yesNo(ep.terminating()), yesNo(ep.local()),
                            usedFor(e.categorized(), ep));
                    first = false;
                }
            }
        }
        return t.isEmpty() ? "no service ports\n" : t.render();
    }

    /** The frontends of a service port, e.g. {@code 10.0.1.175:80}, {@code nodePort:30080}, {@code lb:1.2.3.4:80}. */
    public static List<String> frontends(ServicePortInfo i) {
        List<String> f = new ArrayList<>();
        f.add(hostPort(i.clusterIp(), i.port()));
        i.externalIps().forEach(ip -> f.add("externalIP:" + hostPort(ip, i.port())));
        i.loadBalancerVips().forEach(ip -> f.add("lb:" + hostPort(ip, i.port())));
        if (i.nodePort() != 0) {
            f.add("nodePort:" + i.nodePort());
        }
        if (i.healthCheckNodePort() != 0) {
            f.add("healthCheck:" + i.healthCheckNodePort());
        }
        return f;
    }

    private static String hostPort(IpAddress ip, int port) {
        return new dev.kpsim.core.net.HostPort(ip, port).toString();
    }

    private static String usedFor(CategorizedEndpoints c, EndpointInfo ep) {
        boolean cluster = c.clusterEndpoints().contains(ep);
        boolean local = c.localEndpoints().contains(ep);
        if (cluster && local) {
            return "cluster,local";
        }
        return cluster ? "cluster" : local ? "local" : "-";
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }

    /** The same view as a JSON document. */
    public static String json(String node, List<NodeProxyView> views) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("node", node);
        List<Object> ports = new ArrayList<>();
        for (NodeProxyView v : views) {
            for (ServicePortEntry e : v.servicePorts()) {
                ServicePortInfo i = e.info();
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", i.name().toString());
                p.put("namespace", i.name().namespace());
                p.put("service", i.name().name());
                p.put("port", i.name().port());
                p.put("protocol", i.protocol().name());
                p.put("family", v.family().kubernetesName());
                p.put("type", i.serviceType().name());
                p.put("clusterIP", i.clusterIp().toString());
                p.put("servicePort", i.port());
                p.put("nodePort", i.nodePort());
                p.put("externalIPs", i.externalIps().stream().map(Object::toString).toList());
                p.put("loadBalancerIPs", i.loadBalancerVips().stream().map(Object::toString).toList());
                p.put("loadBalancerSourceRanges", i.loadBalancerSourceRanges());
                p.put("externalPolicyLocal", i.externalPolicyLocal());
                p.put("internalPolicyLocal", i.internalPolicyLocal());
                p.put("sessionAffinity", i.sessionAffinity().name());
                p.put("affinityTimeoutSeconds", i.affinityTimeoutSeconds());
                p.put("healthCheckNodePort", i.healthCheckNodePort());
                p.put("hasAnyEndpoints", e.categorized().hasAnyEndpoints());
                List<Object> eps = new ArrayList<>();
                for (EndpointInfo ep : e.endpoints()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("address", ep.toString());
                    m.put("node", ep.nodeName());
                    m.put("pod", ep.targetPod());
                    m.put("ready", ep.ready());
                    m.put("serving", ep.serving());
                    m.put("terminating", ep.terminating());
                    m.put("local", ep.local());
                    m.put("usedForClusterTraffic", e.categorized().clusterEndpoints().contains(ep));
                    m.put("usedForLocalTraffic", e.categorized().localEndpoints().contains(ep));
                    eps.add(m);
                }
                p.put("endpoints", eps);
                ports.add(p);
            }
        }
        root.put("servicePorts", ports);
        return Json.write(root);
    }
}
