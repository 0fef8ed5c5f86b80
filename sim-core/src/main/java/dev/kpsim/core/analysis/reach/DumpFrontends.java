package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.analysis.explain.Explainer;
import dev.kpsim.core.analysis.explain.RuleExplanation;
import dev.kpsim.core.analysis.graph.Condition;
import dev.kpsim.core.analysis.graph.GraphChain;
import dev.kpsim.core.analysis.graph.GraphJump;
import dev.kpsim.core.analysis.graph.GraphRule;
import dev.kpsim.core.analysis.graph.RuleGraphSource;
import dev.kpsim.core.analysis.graph.ServiceOwners;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The service frontends of a real node's dump read without the cluster's objects: kube-proxy's dispatch rules name
 * them. iptables: each {@code nat KUBE-SERVICES} rule for one address and port (its comment gives the service port and
 * whether it is a cluster IP, external IP or load-balancer IP), each {@code nat KUBE-NODEPORTS} rule for a port (on
 * every given node address). nftables: each element of the {@code service-ips} map (a {@code service-…} target is a
 * ClusterIP; an {@code external-…} target an external or load-balancer IP, which the dump cannot tell apart) and of
 * {@code service-nodeports}. IPVS-mode dumps keep their frontends in ipsets and yield none here.
 */
public final class DumpFrontends {
    private DumpFrontends() {
    }

    public static List<ReachFrontend> discover(RuleGraphSource source, List<IpAddress> nodeIps) {
        List<ReachFrontend> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (GraphChain c : source.chains()) {
            boolean natTable = c.table().equals("nat") || c.table().endsWith(" nat");
            for (GraphRule r : c.rules()) {
                if (natTable && c.name().equals("KUBE-SERVICES")) {
                    iptablesService(c, r, out, seen);
                } else if (natTable && c.name().equals("KUBE-NODEPORTS")) {
                    iptablesNodePort(c, r, nodeIps, out, seen);
                } else if (c.name().equals("services")) {
                    nft(r, nodeIps, out, seen);
                }
            }
        }
        List<ReachFrontend> numbered = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            ReachFrontend f = out.get(i);
            numbered.add(new ReachFrontend("F" + (i + 1), f.kind(), f.servicePort(), f.protocol(), f.address(), f.node(),
                    f.sourceRanges(), f.externalPolicyLocal(), f.internalPolicyLocal()));
        }
        return numbered;
    }

    private static void iptablesService(GraphChain c, GraphRule r, List<ReachFrontend> out, Set<String> seen) {
        Optional<IpAddress> ip = host(r, Condition.Field.DESTINATION);
        Optional<Integer> port = port(r);
        Optional<Protocol> proto = protocol(r);
        if (ip.isEmpty() || port.isEmpty() || proto.isEmpty() || r.jumps().isEmpty()) {
            return;
        }
        String role = Explainer.explain(c.table(), c.name(), r.text(), null).map(RuleExplanation::role).orElse("");
        ReachFrontend.Kind kind = switch (role) {
            case "external-ip" -> ReachFrontend.Kind.EXTERNAL_IP;
            case "load-balancer-ip" -> ReachFrontend.Kind.LOAD_BALANCER_IP;
            case "cluster-ip" -> ReachFrontend.Kind.CLUSTER_IP;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        String spn = ServiceOwners.serviceInComment(r.text()).orElse(r.jumps().get(0).chain());
        add(out, seen, kind, spn, proto.get(), new HostPort(ip.get(), port.get()), null);
    }

    private static void iptablesNodePort(GraphChain c, GraphRule r, List<IpAddress> nodeIps, List<ReachFrontend> out,
                                         Set<String> seen) {
        Optional<Integer> port = port(r);
        Optional<Protocol> proto = protocol(r);
        boolean localhostOnly = r.conditions().stream().anyMatch(x -> x.field() == Condition.Field.DESTINATION);
        if (port.isEmpty() || proto.isEmpty() || localhostOnly || r.jumps().isEmpty()) {
            return;
        }
        String spn = ServiceOwners.serviceInComment(r.text()).orElse(r.jumps().get(0).chain());
        for (IpAddress ip : nodeIps) {
            add(out, seen, ReachFrontend.Kind.NODE_PORT, spn, proto.get(), new HostPort(ip, port.get()), null);
        }
    }

    private static void nft(GraphRule r, List<IpAddress> nodeIps, List<ReachFrontend> out, Set<String> seen) {
        for (GraphJump j : r.jumps()) {
            String label = j.label();
            String spn = ServiceOwners.serviceInNftChainName(j.chain()).orElse(j.chain());
            if (label.startsWith("@service-ips ")) {
                String[] k = label.substring("@service-ips ".length()).split(" \\. ");
                Optional<IpAddress> ip = k.length == 3 ? IpAddress.tryParse(k[0]) : Optional.empty();
                Optional<Protocol> proto = k.length == 3 ? Protocol.parse(k[1]) : Optional.empty();
                Optional<Integer> port = k.length == 3 ? number(k[2]) : Optional.empty();
                if (ip.isPresent() && proto.isPresent() && port.isPresent()) {
                    ReachFrontend.Kind kind = j.chain().startsWith("external-") ? ReachFrontend.Kind.EXTERNAL_IP
                            : ReachFrontend.Kind.CLUSTER_IP;
                    add(out, seen, kind, spn, proto.get(), new HostPort(ip.get(), port.get()), null);
                }
            } else if (label.startsWith("@service-nodeports ")) {
                String[] k = label.substring("@service-nodeports ".length()).split(" \\. ");
                Optional<Protocol> proto = k.length == 2 ? Protocol.parse(k[0]) : Optional.empty();
                Optional<Integer> port = k.length == 2 ? number(k[1]) : Optional.empty();
                if (proto.isPresent() && port.isPresent()) {
                    for (IpAddress ip : nodeIps) {
                        add(out, seen, ReachFrontend.Kind.NODE_PORT, spn, proto.get(), new HostPort(ip, port.get()), null);
                    }
                }
            }
        }
    }

    private static void add(List<ReachFrontend> out, Set<String> seen, ReachFrontend.Kind kind, String spn, Protocol proto,
                            HostPort at, String node) {
        if (seen.add(kind + " " + at + "/" + proto)) {
            out.add(new ReachFrontend("", kind, spn, proto, at, node, List.of(), false, false));
        }
    }

    private static Optional<IpAddress> host(GraphRule r, Condition.Field f) {
        return r.conditions().stream().filter(c -> c.field() == f && !c.negated() && c.values().size() == 1)
                .map(c -> Cidr.tryParse(c.values().get(0))).flatMap(Optional::stream).filter(Cidr::isHost)
                .map(Cidr::address).findFirst();
    }

    private static Optional<Integer> port(GraphRule r) {
        return r.conditions().stream().filter(c -> c.field() == Condition.Field.DESTINATION_PORT && !c.negated()
                && c.values().size() == 1).map(c -> c.values().get(0)).map(v -> {
                    String[] ab = v.split("-");
                    return ab.length == 2 && ab[0].equals(ab[1]) ? ab[0] : ab.length == 1 ? ab[0] : null;
                }).filter(v -> v != null).map(DumpFrontends::number).flatMap(Optional::stream).findFirst();
    }

    private static Optional<Protocol> protocol(GraphRule r) {
        return r.conditions().stream().filter(c -> c.field() == Condition.Field.PROTOCOL && !c.negated()
                && c.values().size() == 1).map(c -> Protocol.parse(c.values().get(0))).flatMap(Optional::stream)
                .filter(Protocol::hasPorts).findFirst();
    }

    private static Optional<Integer> number(String s) {
        try {
            int p = Integer.parseInt(s.trim());
            return p >= 1 && p <= 65535 ? Optional.of(p) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
