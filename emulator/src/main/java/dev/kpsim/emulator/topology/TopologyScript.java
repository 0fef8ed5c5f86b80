package dev.kpsim.emulator.topology;

import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.emulator.host.Command;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The commands that build a {@link TopologyPlan}, in order, as data: per-namespace sysctls, then one
 * {@code ip -n NS -batch -} per namespace (fabric, nodes, fabric ports, pods, external client). Every link is
 * created inside a namespace of the run — a veth is created in the node namespace with its peer placed straight
 * into the pod or fabric namespace — so no interface ever appears in the host's namespace and interface names
 * only need to be unique per namespace ({@code eth0}, {@code cni0}, {@code veth3}, {@code n0}).
 */
public final class TopologyScript {

    /**
     * Bridges are created without multicast snooping: a snooping bridge joins the multicast-router-discovery groups
     * (224.0.0.106, ff02::6a) and reports them with IGMP/MLD a moment after it comes up, and those stray packets would
     * be counted by kube-proxy's catch-all rules ({@code -A PREROUTING -j KUBE-SERVICES}) during the first experiment.
     * Unicast forwarding and hairpin behaviour do not depend on snooping.
     */
    static final String QUIET_BRIDGE = " mcast_snooping 0";

    private TopologyScript() {
    }

    /** All steps, in the order they must run. */
    public static List<Step> build(TopologyPlan plan) {
        List<Step> steps = new ArrayList<>();
        boolean v6 = usesV6(plan);
        steps.addAll(sysctls(plan, v6));
        steps.add(batch(plan.fabricNamespace(), "fabric bridge", fabric(plan)));
        for (NodeNet n : plan.nodes()) {
            steps.add(batch(n.namespace(), "node " + n.name(), node(plan, n)));
        }
        steps.add(batch(plan.externalNamespace(), "external client", external(plan)));
        steps.add(batch(plan.fabricNamespace(), "fabric ports", fabricPorts(plan)));
        for (PodNet p : plan.pods()) {
            if (!p.hostNetwork()) {
                NodeNet n = plan.node(p.nodeName()).orElseThrow();
                steps.add(batch(p.namespace(), "pod " + p.key(), pod(n, p)));
            }
        }
        return steps;
    }

    /** The commands that switch every node's bridge to {@code mode}. */
    public static List<Step> hairpin(TopologyPlan plan, HairpinMode mode) {
        List<Step> steps = new ArrayList<>();
        for (NodeNet n : plan.nodes()) {
            StringBuilder b = new StringBuilder();
            b.append("link set dev cni0 promisc ").append(mode == HairpinMode.PROMISCUOUS_BRIDGE ? "on" : "off").append('\n');
            for (PodNet p : plan.podsOn(n.name())) {
                if (!p.hostNetwork()) {
                    b.append("link set dev ").append(p.hostVeth()).append(" type bridge_slave hairpin ")
                            .append(mode == HairpinMode.HAIRPIN_VETH ? "on" : "off").append('\n');
                }
            }
            steps.add(batch(n.namespace(), "hairpin mode " + mode.flag() + " on node " + n.name(), b.toString()));
        }
        return steps;
    }

    static boolean usesV6(TopologyPlan plan) {
        return plan.nodes().stream().anyMatch(n -> n.addresses().stream().anyMatch(a -> !a.isV4())
                || n.podCidrs().stream().anyMatch(c -> c.family() == IpFamily.IPV6))
                || plan.pods().stream().anyMatch(p -> p.ips().stream().anyMatch(a -> !a.isV4()));
    }

    private static Step batch(String ns, String what, String text) {
        return new Step(what, List.of("ip", "-n", ns, "-batch", "-"), text);
    }

    private static Step sysctl(String ns, String what, List<String> settings) {
        List<String> argv = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        argv.addAll(settings);
        return new Step(what, Command.inNamespace(ns, argv), null);
    }

    private static List<Step> sysctls(TopologyPlan plan, boolean v6) {
        List<Step> r = new ArrayList<>();
        List<String> noDad = v6 ? List.of("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0") : List.of();
        for (NodeNet n : plan.nodes()) {
            List<String> s = new ArrayList<>(noDad);
            s.add("net.ipv4.ip_forward=1");
            // no IGMP reports for link-local groups (224.0.0.x): nothing but the experiment's packets reaches the rules
            s.add("net.ipv4.igmp_link_local_mcast_reports=0");
            // every ICMP error a rule asks for (REJECT) is sent: no per-host rate limit (docs/emulate.md, known
            // kernel differences), and no redirects toward the external client, which is also every node's upstream
            s.add("net.ipv4.icmp_ratemask=0");
            s.add("net.ipv4.conf.all.send_redirects=0");
            s.add("net.ipv4.conf.default.send_redirects=0");
            if (v6) {
                s.add("net.ipv6.conf.all.forwarding=1");
            }
            if (n.underTest()) {
                // what kube-proxy and a kubelet with br_netfilter set on a node (per namespace on current kernels)
                s.add("net.ipv4.conf.all.route_localnet=1");
                s.add("net.bridge.bridge-nf-call-iptables=1");
                s.add("net.bridge.bridge-nf-call-ip6tables=1");
            }
            r.add(sysctl(n.namespace(), "sysctls of node " + n.name(), s));
        }
        r.add(sysctl(plan.fabricNamespace(), "sysctls of the fabric", concat(noDad, "net.ipv4.igmp_link_local_mcast_reports=0")));
        if (v6) {
            for (PodNet p : plan.pods()) {
                if (!p.hostNetwork()) {
                    r.add(sysctl(p.namespace(), "sysctls of pod " + p.key(), noDad));
                }
            }
            r.add(sysctl(plan.externalNamespace(), "sysctls of the external client", noDad));
        }
        return r;
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> r = new ArrayList<>(a);
        r.add(b);
        return r;
    }

    private static String fabric(TopologyPlan plan) {
        return "link set lo up\nlink add fab0 type bridge" + QUIET_BRIDGE + "\nlink set fab0 up\n";
    }

    private static String fabricPorts(TopologyPlan plan) {
        StringBuilder b = new StringBuilder();
        for (NodeNet n : plan.nodes()) {
            b.append("link set ").append(n.fabricPort()).append(" master fab0\n");
            b.append("link set ").append(n.fabricPort()).append(" up\n");
        }
        b.append("link set next master fab0\nlink set next up\n");
        return b.toString();
    }

    private static String hostLen(IpAddress a) {
        return a + "/" + a.family().bits() + (a.isV4() ? "" : " nodad");
    }

    private static String node(TopologyPlan plan, NodeNet n) {
        StringBuilder b = new StringBuilder();
        b.append("link set lo up\n");
        b.append("link add eth0 type veth peer name ").append(n.fabricPort()).append(" netns ").append(plan.fabricNamespace()).append('\n');
        for (IpAddress a : n.addresses()) {
            b.append("addr add ").append(hostLen(a)).append(" dev eth0\n");
        }
        b.append("link set eth0 up\n");
        b.append("link add cni0 type bridge").append(QUIET_BRIDGE).append('\n');
        for (InterfaceAddress g : n.gateways()) {
            b.append("addr add ").append(g).append(" dev cni0").append(g.ip().isV4() ? "" : " nodad").append('\n');
        }
        b.append("link set cni0 up\n");
        for (PodNet p : plan.podsOn(n.name())) {
            if (p.hostNetwork()) {
                continue;
            }
            b.append("link add ").append(p.hostVeth()).append(" type veth peer name eth0 netns ").append(p.namespace()).append('\n');
            b.append("link set ").append(p.hostVeth()).append(" master cni0\n");
            b.append("link set ").append(p.hostVeth()).append(" up\n");
            for (IpAddress ip : p.ips()) {
                if (n.podCidrs().stream().noneMatch(c -> c.contains(ip))) {
                    b.append("route add ").append(ip).append('/').append(ip.family().bits()).append(" dev cni0\n");
                }
            }
        }
        // the other nodes: their addresses on the fabric, their pods behind them
        for (NodeNet o : plan.nodes()) {
            if (o == n) {
                continue;
            }
            for (IpAddress a : o.addresses()) {
                b.append("route add ").append(a).append('/').append(a.family().bits()).append(" dev eth0\n");
            }
        }
        for (IpAddress e : plan.externalAddresses()) {
            b.append("route add ").append(e).append('/').append(e.family().bits()).append(" dev eth0\n");
        }
        for (NodeNet o : plan.nodes()) {
            if (o == n) {
                continue;
            }
            for (Cidr c : o.podCidrs()) {
                o.primary(c.family()).ifPresent(gw -> b.append("route add ").append(c).append(" via ").append(gw).append(" dev eth0\n"));
            }
            for (PodNet p : plan.podsOn(o.name())) {
                if (p.hostNetwork()) {
                    continue;
                }
                for (IpAddress ip : p.ips()) {
                    if (o.podCidrs().stream().noneMatch(c -> c.contains(ip))) {
                        o.primary(ip.family()).ifPresent(gw -> b.append("route add ").append(ip).append('/')
                                .append(ip.family().bits()).append(" via ").append(gw).append(" dev eth0\n"));
                    }
                }
            }
        }
        // everything else goes "upstream" to the external client, which does not forward: it vanishes silently
        Set<IpFamily> upstream = EnumSet.noneOf(IpFamily.class);
        for (IpAddress e : plan.externalAddresses()) {
            if (upstream.add(e.family())) {
                b.append("route add ").append(e.isV4() ? "0.0.0.0/0" : "::/0").append(" via ").append(e).append(" dev eth0\n");
            }
        }
        return b.toString();
    }

    private static String pod(NodeNet n, PodNet p) {
        StringBuilder b = new StringBuilder();
        b.append("link set lo up\n");
        for (IpAddress ip : p.ips()) {
            b.append("addr add ").append(ip).append('/').append(TopologyPlanner.podPrefixLength(n, ip)).append(" dev eth0")
                    .append(ip.isV4() ? "" : " nodad").append('\n');
        }
        b.append("link set eth0 up\n");
        for (InterfaceAddress g : n.gateways()) {
            if (p.ips().stream().noneMatch(ip -> ip.family() == g.ip().family())) {
                continue;
            }
            boolean onLink = p.ips().stream().anyMatch(ip -> n.podCidrs().stream().anyMatch(c -> c.contains(ip) && c.contains(g.ip())));
            if (!onLink) {
                b.append("route add ").append(g.ip()).append('/').append(g.ip().family().bits()).append(" dev eth0\n");
            }
            b.append("route add ").append(g.ip().isV4() ? "0.0.0.0/0" : "::/0").append(" via ").append(g.ip()).append(" dev eth0\n");
        }
        return b.toString();
    }

    private static String external(TopologyPlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("link set lo up\n");
        b.append("link add eth0 type veth peer name next netns ").append(plan.fabricNamespace()).append('\n');
        for (IpAddress e : plan.externalAddresses()) {
            b.append("addr add ").append(hostLen(e)).append(" dev eth0\n");
        }
        b.append("link set eth0 up\n");
        for (NodeNet n : plan.nodes()) {
            for (IpAddress a : n.addresses()) {
                b.append("route add ").append(a).append('/').append(a.family().bits()).append(" dev eth0\n");
            }
        }
        // service addresses (external IPs, load-balancer IPs) are reached through the node under test
        NodeNet under = plan.nodeUnderTest();
        Set<IpFamily> routed = EnumSet.noneOf(IpFamily.class);
        for (IpAddress e : plan.externalAddresses()) {
            if (routed.add(e.family())) {
                under.primary(e.family()).ifPresent(gw -> b.append("route add ").append(e.isV4() ? "0.0.0.0/0" : "::/0")
                        .append(" via ").append(gw).append(" dev eth0\n"));
            }
        }
        return b.toString();
    }
}
