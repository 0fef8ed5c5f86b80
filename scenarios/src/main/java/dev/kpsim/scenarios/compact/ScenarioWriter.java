package dev.kpsim.scenarios.compact;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.config.ConntrackSettings;
import dev.kpsim.core.config.DetectLocalMode;
import dev.kpsim.core.config.IpvsSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.net.Protocol;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a {@link Cluster}, kube-proxy's {@link ProxyConfig} and the simulated node as a kpsim Scenario
 * ({@code scenarios/examples/SCHEMA.md}) that {@link dev.kpsim.scenarios.InputLoader} reads back to the same model:
 * the same nodes, pods, Services, EndpointSlices (in the same order) and configuration. Everything is written
 * explicitly, so the loader allocates and derives nothing: ClusterIPs, NodePorts and healthCheckNodePorts as they
 * are, and every EndpointSlice in {@code endpointSlices:} (a Service with a slice of its own gets none derived, so
 * selectors are kept). Fields equal to what the loader fills in when a field is absent are left out (type
 * ClusterIP, protocol TCP, targetPort = port, policies Cluster, affinity timeout 10800, a pod's ready/terminating
 * defaults, kube-proxy's configuration defaults).
 *
 * <p>One object per line, in YAML flow style, so a 10,000-Service cluster with 100,000 pods is a few tens of MB;
 * strings YAML would read as something else are quoted ({@link YamlScalars}). The output streams to the
 * {@link Writer} one line at a time and depends only on the model: same model, same bytes.
 *
 * <p>What a Scenario cannot say is written as close as it can be and reported in the returned notes (the file then
 * does not load back to exactly the same model): a ClusterIP, NodePort or healthCheckNodePort left unset (the
 * loader would allocate one), a hostname-only or {@code ipMode: Proxy} load-balancer ingress (left out: kube-proxy
 * programs neither), an empty selector (read back as none), a selector of a Service without EndpointSlices that
 * matches pods (left out: the loader would derive slices), and values the Scenario reader rejects or changes.
 * A load-balancer ingress without ipMode reads back with ipMode {@code VIP}, which kube-proxy treats the same.
 */
public final class ScenarioWriter {

    /** The scenario's {@code metadata}; either field may be null (left out). */
    public record Metadata(String name, String description) {
        public static final Metadata NONE = new Metadata(null, null);
    }

    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private final List<String> notes = new ArrayList<>();

    private ScenarioWriter(Writer out) {
        this.out = out;
    }

    /**
     * Writes the scenario.
     *
     * @param nodeName the node kube-proxy runs on ({@code proxy.node}); null keeps {@code config.hostnameOverride}
     * @return what the scenario cannot express exactly, one sentence each; empty when it loads back to this model
     * @throws IOException from {@code out}
     */
    public static List<String> write(Cluster cluster, ProxyConfig config, String nodeName, Metadata metadata, Writer out)
            throws IOException {
        ScenarioWriter w = new ScenarioWriter(out);
        w.header(metadata);
        w.proxy(config, nodeName == null ? config.hostnameOverride() : nodeName);
        SelectorCheck selectors = new SelectorCheck(cluster);
        w.section("nodes", cluster.nodes().size());
        for (Node n : cluster.nodes()) {
            w.node(n);
        }
        w.section("pods", cluster.pods().size());
        for (Pod p : cluster.pods()) {
            w.pod(p);
        }
        w.section("services", cluster.services().size());
        for (Service s : cluster.services()) {
            w.service(s, selectors);
        }
        w.section("endpointSlices", cluster.endpointSlices().size());
        for (EndpointSlice s : cluster.endpointSlices()) {
            w.slice(s);
        }
        out.flush();
        return List.copyOf(w.notes);
    }

    private void header(Metadata metadata) throws IOException {
        out.write("apiVersion: " + ScenarioReader.API_VERSION + "\nkind: Scenario\n");
        if (metadata.name() != null || metadata.description() != null) {
            out.write("metadata:\n");
            if (metadata.name() != null) {
                scalarLine("  name: ", metadata.name());
            }
            if (metadata.description() != null) {
                scalarLine("  description: ", metadata.description());
            }
        }
    }

    private void proxy(ProxyConfig c, String node) throws IOException {
        ProxyConfig d = ProxyConfig.defaults();
        out.write("proxy:\n");
        scalarLine("  mode: ", c.mode());
        if (node != null && !node.isEmpty()) {
            String read = node.trim().toLowerCase(Locale.ROOT);
            if (!read.equals(node)) {
                notes.add("node '" + node + "' reads back as '" + read + "' (proxy.node is trimmed and lower-cased)");
            }
            scalarLine("  node: ", node);
        }
        scalarLine("  kubeProxyVersion: ", c.kubeProxyVersion().toString());
        if (!c.clusterCidrs().isEmpty()) {
            listLine("  clusterCIDR: ", c.clusterCidrs());
        }
        if (c.detectLocalMode() != DetectLocalMode.ClusterCIDR) {
            scalarLine("  detectLocalMode: ", c.detectLocalMode().name());
        }
        if (c.bridgeInterface() != null && !c.bridgeInterface().equals(d.bridgeInterface())) {
            scalarLine("  bridgeInterface: ", c.bridgeInterface());
        }
        if (c.interfaceNamePrefix() != null && !c.interfaceNamePrefix().equals(d.interfaceNamePrefix())) {
            scalarLine("  interfaceNamePrefix: ", c.interfaceNamePrefix());
        }
        if (c.masqueradeBit() != d.masqueradeBit()) {
            out.write("  masqueradeBit: " + c.masqueradeBit() + "\n");
        }
        if (c.masqueradeAll() != d.masqueradeAll()) {
            out.write("  masqueradeAll: " + c.masqueradeAll() + "\n");
        }
        if (c.localhostNodePorts() != d.localhostNodePorts()) {
            out.write("  localhostNodePorts: " + c.localhostNodePorts() + "\n");
        }
        if (!c.nodePortAddresses().isEmpty()) {
            listLine("  nodePortAddresses: ", c.nodePortAddresses());
        }
        if (!c.ipvs().equals(IpvsSettings.defaults())) {
            ipvs(c.ipvs());
        }
        if (!c.conntrack().equals(ConntrackSettings.defaults())) {
            ConntrackSettings ct = c.conntrack();
            out.write("  conntrack: {tcpBeLiberal: " + ct.tcpBeLiberal() + ", tcpEstablishedTimeout: " + ct.tcpEstablishedTimeoutSeconds()
                    + ", tcpCloseWaitTimeout: " + ct.tcpCloseWaitTimeoutSeconds() + ", udpTimeout: " + ct.udpTimeoutSeconds()
                    + ", udpStreamTimeout: " + ct.udpStreamTimeoutSeconds() + "}\n");
        }
        if (!c.proxyPortRange().isEmpty() || !c.userspaceProxyPorts().isEmpty()) {
            line.setLength(0);
            FlowMap m = new FlowMap(line.append("  userspace: "));
            if (!c.proxyPortRange().isEmpty()) {
                if (PortRange.parse(c.proxyPortRange()).isEmpty()) {
                    notes.add("userspace port range '" + c.proxyPortRange() + "' is not a port range: the scenario will not load");
                }
                m.str("portRange", c.proxyPortRange());
            }
            if (!c.userspaceProxyPorts().isEmpty()) {
                FlowMap.appendMap(m.key("proxyPorts"), c.userspaceProxyPorts());
            }
            m.end();
            flushLine();
        }
    }

    private void ipvs(IpvsSettings s) throws IOException {
        line.setLength(0);
        FlowMap m = new FlowMap(line.append("  ipvs: "));
        if (!s.scheduler().isEmpty()) {
            if (!ProxySectionReader.SCHEDULERS.contains(s.scheduler())) {
                notes.add("IPVS scheduler '" + s.scheduler() + "' is not one a scenario accepts: the scenario will not load");
            }
            m.str("scheduler", s.scheduler());
        }
        if (s.strictArp()) {
            m.bool("strictARP", true);
        }
        if (!s.excludeCidrs().isEmpty()) {
            m.strings("excludeCIDRs", s.excludeCidrs());
        }
        if (s.tcpTimeoutSeconds() != 0) {
            m.num("tcpTimeout", s.tcpTimeoutSeconds());
        }
        if (s.tcpFinTimeoutSeconds() != 0) {
            m.num("tcpFinTimeout", s.tcpFinTimeoutSeconds());
        }
        if (s.udpTimeoutSeconds() != 0) {
            m.num("udpTimeout", s.udpTimeoutSeconds());
        }
        m.end();
        flushLine();
    }

    private void section(String name, int size) throws IOException {
        out.write(size == 0 ? name + ": []\n" : name + ":\n");
    }

    private void node(Node n) throws IOException {
        FlowMap m = item();
        m.str("name", n.name());
        if (!n.addresses().isEmpty()) {
            m.strings("addresses", n.addresses());
        }
        if (n.podCidrs().size() == 1) {
            m.str("podCIDR", n.podCidrs().get(0).toString());
        } else if (!n.podCidrs().isEmpty()) {
            m.strings("podCIDRs", n.podCidrs());
        }
        if (n.zone() != null) {
            m.str("zone", n.zone());
        }
        m.end();
        flushLine();
    }

    private void pod(Pod p) throws IOException {
        FlowMap m = item();
        m.str("name", p.name());
        namespace(m, p.namespace(), "Pod " + p.key());
        if (!p.labels().isEmpty()) {
            m.map("labels", p.labels());
        }
        addresses(m, "ip", "ips", p.ips());
        if (p.nodeName() != null) {
            m.str("node", p.nodeName());
        }
        if (!p.ready()) {
            m.bool("ready", false);
        }
        if (p.terminating()) {
            m.bool("terminating", true);
        }
        if (p.hostNetwork()) {
            m.bool("hostNetwork", true);
        }
        if (!p.containerPorts().isEmpty()) {
            StringBuilder b = m.key("ports").append('[');
            for (int i = 0; i < p.containerPorts().size(); i++) {
                ContainerPort cp = p.containerPorts().get(i);
                if (i > 0) {
                    b.append(", ");
                }
                FlowMap pm = new FlowMap(b);
                if (!cp.name().isEmpty()) {
                    pm.str("name", cp.name());
                }
                pm.num("port", cp.port());
                protocol(pm, cp.protocol());
                pm.end();
            }
            b.append(']');
        }
        m.end();
        flushLine();
    }

    private void service(Service s, SelectorCheck selectors) throws IOException {
        FlowMap m = item();
        m.str("name", s.name());
        namespace(m, s.namespace(), "Service " + s.key());
        if (s.type() != ServiceType.ClusterIP) {
            m.str("type", s.type().name());
        }
        clusterIps(m, s);
        if (s.selector() != null) {
            if (s.selector().isEmpty()) {
                notes.add("Service " + s.key() + ": its empty selector reads back as no selector");
            } else if (selectors.wouldDerive(s)) {
                notes.add("Service " + s.key() + ": selector left out (the Service has no EndpointSlice, and loading the "
                        + "scenario would derive slices from the pods it selects)");
            } else {
                m.map("selector", s.selector());
            }
        }
        ports(m, s);
        if (!s.externalIps().isEmpty()) {
            m.strings("externalIPs", s.externalIps());
        }
        loadBalancerIps(m, s);
        if (!s.loadBalancerSourceRanges().isEmpty()) {
            m.strings("loadBalancerSourceRanges", s.loadBalancerSourceRanges());
        }
        if (s.externalTrafficPolicy() != TrafficPolicy.Cluster) {
            m.str("externalTrafficPolicy", s.externalTrafficPolicy().name());
        }
        if (s.internalTrafficPolicy() != TrafficPolicy.Cluster) {
            m.str("internalTrafficPolicy", s.internalTrafficPolicy().name());
        }
        if (s.sessionAffinity() != SessionAffinity.None) {
            m.str("sessionAffinity", s.sessionAffinity().name());
        }
        if (s.affinityTimeoutSeconds() != SessionAffinity.DEFAULT_TIMEOUT_SECONDS) {
            m.num("sessionAffinityTimeoutSeconds", s.affinityTimeoutSeconds());
        }
        if (s.healthCheckNodePort() != 0) {
            m.num("healthCheckNodePort", s.healthCheckNodePort());
        } else if (s.type() == ServiceType.LoadBalancer
                && s.externalTrafficPolicy() == TrafficPolicy.Local) {
            notes.add("Service " + s.key() + ": it has no healthCheckNodePort; loading the scenario allocates one");
        }
        if (s.externalName() != null) {
            m.str("externalName", s.externalName());
        }
        m.end();
        flushLine();
    }

    private void clusterIps(FlowMap m, Service s) {
        List<String> ips = new ArrayList<>();
        if (s.headless()) {
            ips.add("None");
        }
        s.clusterIps().forEach(ip -> ips.add(ip.toString()));
        if (ips.size() == 1) {
            m.str("clusterIP", ips.get(0));
        } else if (!ips.isEmpty()) {
            m.strings("clusterIPs", ips);
        } else if (s.type() != ServiceType.ExternalName) {
            notes.add("Service " + s.key() + ": it has no ClusterIP; loading the scenario allocates one");
        }
    }

    private void ports(FlowMap m, Service s) {
        boolean lb = s.type() == ServiceType.LoadBalancer;
        boolean np = s.type() == ServiceType.NodePort;
        boolean lbWithoutNodePort = lb && s.ports().stream().anyMatch(p -> p.nodePort() == 0);
        Set<String> names = new HashSet<>();
        if (!s.ports().isEmpty()) {
            StringBuilder b = m.key("ports").append('[');
            for (int i = 0; i < s.ports().size(); i++) {
                ServicePort p = s.ports().get(i);
                if (i > 0) {
                    b.append(", ");
                }
                if ((s.ports().size() > 1 && p.name().isEmpty()) || !names.add(p.name())) {
                    notes.add("Service " + s.key() + ": port names must be unique and present when there are several ports: "
                            + "the scenario will not load");
                }
                FlowMap pm = new FlowMap(b);
                if (!p.name().isEmpty()) {
                    pm.str("name", p.name());
                }
                pm.num("port", p.port());
                if (p.targetPort().isNamed()) {
                    if (p.targetPort().name().matches("[0-9]+")) {
                        notes.add("Service " + s.key() + ": targetPort name '" + p.targetPort().name() + "' reads back as a number");
                    }
                    pm.str("targetPort", p.targetPort().name());
                } else if (p.targetPort().number() != p.port()) {
                    pm.num("targetPort", p.targetPort().number());
                }
                protocol(pm, p.protocol());
                if (p.nodePort() != 0) {
                    pm.num("nodePort", p.nodePort());
                } else if (np) {
                    notes.add("Service " + s.key() + ": port " + p.port() + " has no nodePort; loading the scenario allocates one");
                }
                pm.end();
            }
            b.append(']');
        }
        if (lbWithoutNodePort) {
            m.bool("allocateLoadBalancerNodePorts", false);
        }
    }

    private void loadBalancerIps(FlowMap m, Service s) {
        List<String> ips = new ArrayList<>();
        for (LoadBalancerIngress in : s.loadBalancerIngress()) {
            if (in.ip() == null) {
                notes.add("Service " + s.key() + ": load-balancer ingress hostname '" + in.hostname() + "' left out (kube-proxy ignores it)");
            } else if (!in.isProgrammedVip()) {
                notes.add("Service " + s.key() + ": load-balancer ingress " + in.ip() + " with ipMode " + in.ipMode()
                        + " left out (kube-proxy does not program it)");
            } else {
                if (in.hostname() != null) {
                    notes.add("Service " + s.key() + ": the hostname of load-balancer ingress " + in.ip() + " is left out");
                }
                ips.add(in.ip().toString());
            }
        }
        if (!ips.isEmpty()) {
            m.strings("loadBalancerIPs", ips);
        }
    }

    private void slice(EndpointSlice s) throws IOException {
        FlowMap m = item();
        m.str("name", s.name());
        namespace(m, s.namespace(), "EndpointSlice " + s.namespace() + "/" + s.name());
        m.str("service", s.serviceName());
        m.str("addressType", s.addressType().kubernetesName());
        StringBuilder b = m.key("ports").append('[');
        for (int i = 0; i < s.ports().size(); i++) {
            EndpointPort p = s.ports().get(i);
            if (i > 0) {
                b.append(", ");
            }
            FlowMap pm = new FlowMap(b);
            if (!p.name().isEmpty()) {
                pm.str("name", p.name());
            }
            pm.num("port", p.port());
            protocol(pm, p.protocol());
            pm.end();
        }
        b.append(']');
        b = m.key("endpoints").append('[');
        for (int i = 0; i < s.endpoints().size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            endpoint(b, s.endpoints().get(i), s);
        }
        b.append(']');
        m.end();
        flushLine();
    }

    private void endpoint(StringBuilder b, SliceEndpoint e, EndpointSlice s) {
        FlowMap m = new FlowMap(b);
        addresses(m, "ip", "addresses", e.addresses());
        if (e.ready() != null) {
            m.bool("ready", e.ready());
        }
        if (e.serving() != null) {
            m.bool("serving", e.serving());
        }
        if (e.terminating() != null) {
            m.bool("terminating", e.terminating());
        }
        if (e.nodeName() != null) {
            m.str("node", e.nodeName());
        }
        if (e.zone() != null) {
            m.str("zone", e.zone());
        }
        if (!e.forZones().isEmpty()) {
            m.strings("forZones", e.forZones());
        }
        if (!e.forNodes().isEmpty()) {
            m.strings("forNodes", e.forNodes());
        }
        if (e.targetPod() != null) {
            String pod = e.targetPod();
            int slash = pod.indexOf('/');
            if (slash < 0) {
                notes.add("EndpointSlice " + s.namespace() + "/" + s.name() + ": target pod '" + pod + "' reads back as '"
                        + s.namespace() + "/" + pod + "'");
            }
            boolean local = slash >= 0 && pod.regionMatches(0, s.namespace(), 0, slash) && slash == s.namespace().length()
                    && pod.indexOf('/', slash + 1) < 0;
            m.str("pod", local ? pod.substring(slash + 1) : pod);
        }
        m.end();
    }

    private void namespace(FlowMap m, String namespace, String what) {
        if (namespace == null || namespace.isEmpty()) {
            notes.add(what + ": an empty namespace reads back as 'default'");
            return;
        }
        m.str("namespace", namespace);
    }

    /** One address as {@code one: ADDRESS}, several as {@code many: [...]}, none not at all. */
    private static void addresses(FlowMap m, String one, String many, List<?> addresses) {
        if (addresses.size() == 1) {
            m.str(one, addresses.get(0).toString());
        } else if (!addresses.isEmpty()) {
            m.strings(many, addresses);
        }
    }

    private static void protocol(FlowMap m, Protocol p) {
        if (p != Protocol.TCP) {
            m.str("protocol", p.name());
        }
    }

    private FlowMap item() {
        line.setLength(0);
        return new FlowMap(line.append("  - "));
    }

    private void flushLine() throws IOException {
        line.append('\n');
        out.append(line);
    }

    private void scalarLine(String prefix, String value) throws IOException {
        line.setLength(0);
        line.append(prefix);
        YamlScalars.append(line, value);
        flushLine();
    }

    private void listLine(String prefix, List<?> values) throws IOException {
        line.setLength(0);
        line.append(prefix).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(", ");
            }
            YamlScalars.append(line, values.get(i).toString());
        }
        line.append(']');
        flushLine();
    }
}
