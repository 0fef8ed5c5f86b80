package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a probe connection comes from: a pod on the node (enters through the pod bridge), the node itself (a process
 * in the host network namespace, OUTPUT hook), or a client outside the cluster (enters through the uplink).
 */
public record Client(Kind kind, IpAddress address, String label) {

    /** Kinds of client. */
    public enum Kind { POD, NODE, EXTERNAL }

    /** The external client's address when none is inside a source range: TEST-NET-1 / the IPv6 documentation prefix. */
    public static IpAddress externalAddress(IpFamily family) {
        return family == IpFamily.IPV6 ? IpAddress.parse("2001:db8::10") : IpAddress.parse("192.0.2.10");
    }

    /** The node's first pod of the family, if any (pods in address order). */
    public static java.util.Optional<Client> localPod(NodeEnvironment env, IpFamily family) {
        for (Map.Entry<IpAddress, String> p : new java.util.TreeMap<>(env.localPods()).entrySet()) {
            if (p.getKey().family() == family) {
                return java.util.Optional.of(pod(p.getValue(), p.getKey()));
            }
        }
        return java.util.Optional.empty();
    }

    public static Client pod(String podKey, IpAddress ip) {
        return new Client(Kind.POD, ip, "pod " + podKey + " (" + ip + ")");
    }

    /** The node itself, from its first address of the family. */
    public static java.util.Optional<Client> node(NodeEnvironment env, IpFamily family) {
        return env.primaryAddress(family).map(ip -> new Client(Kind.NODE, ip, "node " + env.nodeName() + " (" + ip + ")"));
    }

    public static Client external(IpAddress ip) {
        return new Client(Kind.EXTERNAL, ip, "external " + ip);
    }

    /** An address inside a source range: the range's 10th address when it has that many, else its first. */
    public static Client insideRange(Cidr range) {
        int hostBits = (range.family() == IpFamily.IPV6 ? 128 : 32) - range.prefixLength();
        IpAddress ip = hostBits >= 4 ? range.address().plus(10) : range.address();
        return new Client(Kind.EXTERNAL, ip, "external " + ip + " (inside " + range + ")");
    }

    /**
     * The standard clients of a node for one family: its first pod, the node itself, and an external client (plus
     * one inside each load-balancer source range of {@code ranges}).
     */
    public static List<Client> standard(NodeEnvironment env, IpFamily family, List<Cidr> ranges) {
        List<Client> out = new ArrayList<>();
        localPod(env, family).ifPresent(out::add);
        node(env, family).ifPresent(out::add);
        out.add(external(externalAddress(family)));
        for (Cidr r : ranges) {
            if (r.family() == family) {
                Client c = insideRange(r);
                if (out.stream().noneMatch(o -> o.address().equals(c.address()))) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
