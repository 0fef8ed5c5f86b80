package dev.kpsim.core.analysis;

import dev.kpsim.core.analysis.reach.NodeTarget;
import dev.kpsim.core.analysis.reach.NodeTargets;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.save.IptablesParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Node data planes for the analysis tests: kube-proxy's iptables-save on each node of two example clusters (written
 * by kpsim's iptables mode into src/test/resources/analysis), with each node's environment.
 *
 * <p>hostnames: node-N at 10.240.0.(2+N), pod CIDR 10.244.N.0/24; pods 10.244.1.7 (ly40y, node-1), 10.244.2.3
 * (tlaok, node-2), 10.244.3.6 (bbpiw, node-3) behind ClusterIP 10.0.1.175:80 → 9376; no clusterCIDR.
 * nodeport-local: node-N at 10.240.0.(10+N); pods 10.244.1.10 (node-1) and 10.244.2.10 (node-2) behind ClusterIP
 * 10.96.0.10:80 and NodePort 30080 with externalTrafficPolicy Local; clusterCIDR 10.244.0.0/16.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static final String HOSTNAMES_VIP = "10.0.1.175";

    public static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/analysis/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Ruleset ruleset(String text, String name) {
        return IptablesParser.parseDump(text, name).ruleset();
    }

    public static NodeEnvironment env(String node, String address, String podCidr, Map<String, String> pods) {
        Map<IpAddress, String> local = new LinkedHashMap<>();
        pods.forEach((ip, key) -> local.put(IpAddress.parse(ip), key));
        Map<Cidr, String> remote = new LinkedHashMap<>();
        for (int n = 1; n <= 3; n++) {
            String other = "node-" + n;
            if (!other.equals(node)) {
                remote.put(Cidr.parse("10.244." + n + ".0/24"), other);
            }
        }
        return new NodeEnvironment(node, List.of(IpAddress.parse(address)), local, remote, List.of(Cidr.parse(podCidr)),
                NodeEnvironment.DEFAULT_BRIDGE, NodeEnvironment.DEFAULT_UPLINK, NodeEnvironment.DEFAULT_POD_IF_PREFIX);
    }

    public static final Map<String, String> HOSTNAMES_PODS = Map.of("node-1", "10.244.1.7", "node-2", "10.244.2.3",
            "node-3", "10.244.3.6");
    public static final Map<String, String> HOSTNAMES_POD_NAMES = Map.of("10.244.1.7", "default/hostnames-632524106-ly40y",
            "10.244.2.3", "default/hostnames-632524106-tlaok", "10.244.3.6", "default/hostnames-632524106-bbpiw");

    /** The hostnames cluster's three nodes; every node runs the same rules (no node-specific policy). */
    public static NodeTargets hostnames() {
        return hostnames(UnaryOperator.identity());
    }

    /** The hostnames cluster with each node's dump edited by {@code edit} first. */
    public static NodeTargets hostnames(UnaryOperator<String> edit) {
        Ruleset rs = ruleset(edit.apply(resource("hostnames.save")), "hostnames.save");
        Map<String, NodeTarget> targets = new HashMap<>();
        for (int n = 1; n <= 3; n++) {
            String node = "node-" + n;
            String pod = HOSTNAMES_PODS.get(node);
            NodeEnvironment env = env(node, "10.240.0." + (2 + n), "10.244." + n + ".0/24",
                    Map.of(pod, HOSTNAMES_POD_NAMES.get(pod)));
            targets.put(node, new NodeTarget(node, NetfilterSimulator.of(rs, env), env));
        }
        return name -> Optional.ofNullable(targets.get(name));
    }

    public static Map<String, List<IpAddress>> hostnamesNodes() {
        Map<String, List<IpAddress>> m = new LinkedHashMap<>();
        for (int n = 1; n <= 3; n++) {
            m.put("node-" + n, List.of(IpAddress.parse("10.240.0." + (2 + n))));
        }
        return m;
    }

    /** The nodeport-local cluster: each node with its own rules (externalTrafficPolicy Local differs per node). */
    public static NodeTargets nodeportLocal() {
        Map<String, NodeTarget> targets = new HashMap<>();
        Map<String, Map<String, String>> pods = Map.of("node-1", Map.of("10.244.1.10", "default/web-7d4b9c-x2k8p"),
                "node-2", Map.of("10.244.2.10", "default/web-7d4b9c-q9w3z"), "node-3", Map.of());
        for (int n = 1; n <= 3; n++) {
            String node = "node-" + n;
            String file = "nodeport-local-" + node + ".save";
            NodeEnvironment env = env(node, "10.240.0." + (10 + n), "10.244." + n + ".0/24", pods.get(node));
            targets.put(node, new NodeTarget(node, NetfilterSimulator.of(ruleset(resource(file), file), env), env));
        }
        return name -> Optional.ofNullable(targets.get(name));
    }

    public static Map<String, List<IpAddress>> nodeportLocalNodes() {
        Map<String, List<IpAddress>> m = new LinkedHashMap<>();
        for (int n = 1; n <= 3; n++) {
            m.put("node-" + n, List.of(IpAddress.parse("10.240.0." + (10 + n))));
        }
        return m;
    }
}
