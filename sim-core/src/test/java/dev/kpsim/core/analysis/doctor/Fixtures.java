package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.FamilySimulator;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.netfilter.save.ParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes "Debug Services" cluster (default/hostnames, ClusterIP 10.0.1.175:80 -> 9376, three pods on three
 * nodes) built from the model types, with the rules kube-proxy writes for node-1 read from test resources: the
 * analyses' shared fixture.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static final String NODE = "node-1";

    public static Cluster hostnames() {
        return hostnames(List.of("10.244.1.7", "10.244.2.3", "10.244.3.6"));
    }

    /** The cluster with only the given endpoint addresses (pods at 10.244.N.x live on node-N). */
    public static Cluster hostnames(List<String> endpointIps) {
        List<Node> nodes = List.of(node(1), node(2), node(3));
        List<Pod> pods = new ArrayList<>();
        List<SliceEndpoint> eps = new ArrayList<>();
        for (String ip : endpointIps) {
            String n = "node-" + ip.split("\\.")[2];
            String name = "hostnames-" + ip.replace('.', '-');
            pods.add(new Pod("default", name, Map.of("app", "hostnames"), List.of(IpAddress.parse(ip)), n,
                    List.of(new ContainerPort("", 9376, Protocol.TCP)), true, false, false, null));
            eps.add(new SliceEndpoint(List.of(IpAddress.parse(ip)), true, true, false, n, null, List.of(), List.of(), "default/" + name));
        }
        Service svc = Service.builder("default", "hostnames").clusterIp(IpAddress.parse("10.0.1.175"))
                .selector(Map.of("app", "hostnames"))
                .port(new ServicePort("", Protocol.TCP, 80, PortRef.of(9376), 0)).build();
        EndpointSlice slice = new EndpointSlice("default", "hostnames-abcde", "hostnames", IpFamily.IPV4,
                List.of(new EndpointPort("", Protocol.TCP, 9376)), eps, null);
        return new Cluster(nodes, pods, List.of(svc), List.of(slice));
    }

    static Node node(int i) {
        return new Node("node-" + i, List.of(IpAddress.parse("10.240.0." + (2 + i))),
                List.of(Cidr.parse("10.244." + i + ".0/24")), null, null);
    }

    public static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/analysis/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /analysis/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node whose rules are the iptables-save text {@code dump}, with {@code cluster} as its objects (a real dump). */
    public static NodeSubject iptablesDump(String dump, Cluster cluster, ProxyConfig config) {
        return iptables(dump, cluster, config, Optional.empty());
    }

    /** The same, as if kpsim had generated the rules for {@code version}. */
    public static NodeSubject iptables(String dump, Cluster cluster, ProxyConfig config, Optional<KubeProxyVersion> version) {
        NodeEnvironment env = NodeEnvironment.of(cluster, NODE);
        Map<IpFamily, Simulator> sims = new EnumMap<>(IpFamily.class);
        List<Ruleset> rulesets = new ArrayList<>();
        for (ParseResult r : IptablesParser.parseDumps(dump, "dump")) {
            sims.put(r.ruleset().family(), NetfilterSimulator.of(r.ruleset(), env));
            rulesets.add(r.ruleset());
        }
        return new NodeSubject("dump", "iptables", NODE, Optional.of(FamilySimulator.of(sims)), env,
                RuleInventory.ofIptablesDump(rulesets), Optional.of(new ProxyInput(cluster, config, NODE)), version);
    }

    /** The hostnames node as kube-proxy 1.35 writes it. */
    public static NodeSubject hostnamesNode() {
        return iptables(resource("hostnames.iptables-save"), hostnames(), ProxyConfig.defaults(), Optional.of(KubeProxyVersion.LATEST));
    }

    /** {@code text} without the lines containing {@code fragment}. */
    public static String without(String text, String fragment) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.contains(fragment)) {
                sb.append(line).append('\n');
            }
        }
        return sb.substring(0, sb.length() - 1);
    }
}
