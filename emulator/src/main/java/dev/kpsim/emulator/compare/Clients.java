package dev.kpsim.emulator.compare;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.emulator.experiment.TrafficSource;
import dev.kpsim.emulator.topology.NodeNet;
import dev.kpsim.emulator.topology.PodNet;
import dev.kpsim.emulator.topology.TopologyPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the clients a frontend is tried from, one per kind whose packets the emulated network delivers to the node
 * under test: a pod on that node; a pod on another node, only for an address of the node under test (other
 * destinations leave a remote node through its own, rule-less uplink and never reach the node under test); the node
 * itself; the external client, whose default route points at the node under test — from its default address, and
 * for a load-balancer IP with source ranges also from an address inside them. Among pods, one that does not back the
 * service is preferred (its connections are not hairpins); pods are taken in plan order.
 */
public final class Clients {

    private Clients() {
    }

    /**
     * The clients for {@code frontend}; with {@code only} just the matching ones (an explicit pod is used whichever
     * node it is on, if its packets reach the node under test).
     *
     * @param skipped receives one sentence per client left out and why
     */
    public static List<Client> of(TopologyPlan plan, Frontend frontend, Optional<TrafficSource> only, List<String> skipped) {
        IpFamily family = frontend.address().ip().family();
        NodeNet under = plan.nodeUnderTest();
        boolean toNodeAddress = under.addresses().contains(frontend.address().ip());
        List<Client> out = new ArrayList<>();
        if (only.isPresent() && only.get() instanceof TrafficSource.FromPod p) {
            Optional<PodNet> pod = plan.pod(p.key());
            if (pod.isEmpty()) {
                skipped.add("pod " + p.key() + " is not emulated (no such pod, or it has no IP or node)");
                return out;
            }
            boolean local = pod.get().nodeName().equals(under.name());
            if (!local && !toNodeAddress) {
                skipped.add("pod " + p.key() + " on node " + pod.get().nodeName() + " does not reach " + frontend.address()
                        + " through node " + under.name() + " (only addresses of the node under test do)");
                return out;
            }
            addressOf(pod.get(), family).ifPresentOrElse(
                    a -> out.add(podClient(local ? Client.Kind.LOCAL_POD : Client.Kind.REMOTE_POD, pod.get(), a)),
                    () -> skipped.add("pod " + p.key() + " has no " + family.kubernetesName() + " address"));
            return out;
        }
        boolean all = only.isEmpty();
        if (all) {
            pick(plan, frontend, family, true).ifPresentOrElse(out::add,
                    () -> skipped.add("no pod with an " + family.kubernetesName() + " address on node " + under.name()));
            if (toNodeAddress) {
                pick(plan, frontend, family, false).ifPresent(out::add);
            }
        }
        if (all || only.get() instanceof TrafficSource.FromNode) {
            String name = only.map(o -> ((TrafficSource.FromNode) o).name()).orElse(under.name());
            if (!name.equals(under.name())) {
                skipped.add("node " + name + " is not the node under test; only " + under.name() + " has kube-proxy's rules loaded");
            } else {
                under.primary(family).ifPresent(a -> out.add(new Client(Client.Kind.NODE, new TrafficSource.FromNode(name), a,
                        "node " + name + " (" + a + ")")));
            }
        }
        if (all || only.get() instanceof TrafficSource.FromExternal) {
            boolean ranged = !frontend.sourceRanges().isEmpty();
            for (IpAddress a : plan.externalAddresses()) {
                if (a.family() != family) {
                    continue;
                }
                boolean inside = frontend.sourceRanges().stream().anyMatch(r -> r.contains(a));
                boolean first = a.equals(plan.externalAddresses().stream().filter(x -> x.family() == family).findFirst().orElseThrow());
                if (first) {
                    out.add(new Client(Client.Kind.EXTERNAL, new TrafficSource.FromExternal(a), a,
                            "external client (" + a + (ranged ? ", outside loadBalancerSourceRanges" : "") + ")"));
                } else if (inside && out.stream().noneMatch(c -> c.kind() == Client.Kind.EXTERNAL_ALLOWED)) {
                    out.add(new Client(Client.Kind.EXTERNAL_ALLOWED, new TrafficSource.FromExternal(a), a,
                            "external client (" + a + ", inside loadBalancerSourceRanges)"));
                }
            }
        }
        return out;
    }

    private static Optional<Client> pick(TopologyPlan plan, Frontend frontend, IpFamily family, boolean local) {
        String under = plan.nodeUnderTest().name();
        Client fallback = null;
        for (PodNet p : plan.pods()) {
            if (p.hostNetwork() || p.nodeName().equals(under) != local) {
                continue;
            }
            Optional<IpAddress> a = addressOf(p, family);
            if (a.isEmpty()) {
                continue;
            }
            Client c = podClient(local ? Client.Kind.LOCAL_POD : Client.Kind.REMOTE_POD, p, a.get());
            if (!frontend.endpoints().contains(a.get())) {
                return Optional.of(c);
            }
            if (fallback == null) {
                fallback = c;
            }
        }
        return Optional.ofNullable(fallback);
    }

    private static Optional<IpAddress> addressOf(PodNet p, IpFamily family) {
        return p.ips().stream().filter(ip -> ip.family() == family).findFirst();
    }

    private static Client podClient(Client.Kind kind, PodNet p, IpAddress a) {
        int slash = p.key().indexOf('/');
        TrafficSource src = slash > 0 ? new TrafficSource.FromPod(p.key().substring(0, slash), p.key().substring(slash + 1))
                : new TrafficSource.FromPod("", p.key());
        String where = kind == Client.Kind.LOCAL_POD ? "local pod " : "pod on " + p.nodeName() + " ";
        return new Client(kind, src, a, where + p.key() + " (" + a + ")");
    }
}
