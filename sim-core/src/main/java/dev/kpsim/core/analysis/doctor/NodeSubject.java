package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node as the analyses (doctor, diff, check) see it, whatever produced it: its rules ({@link RuleInventory}), a
 * simulator of them when kpsim can simulate the mode, the node's environment (addresses, pods), and — when the input
 * described a cluster — the objects kube-proxy programmed the node from. A generated data plane carries the
 * kube-proxy version it reproduces; a real node's dump does not.
 *
 * @param label       how reports name this side ({@code hostnames.yaml}, {@code iptables-save dump.txt})
 * @param simulator   empty when kpsim cannot simulate the mode (yet)
 * @param model       the cluster, kube-proxy configuration and node name, when known
 * @param generatedBy the kube-proxy version whose output the rules are; empty for a real node's dump
 */
public record NodeSubject(String label, String mode, String nodeName, Optional<Simulator> simulator,
                          NodeEnvironment environment, RuleInventory rules, Optional<ProxyInput> model,
                          Optional<KubeProxyVersion> generatedBy) {

    /** A generated data plane of {@code input}'s node. */
    public static NodeSubject generated(String label, ProxyInput input, DataPlane dp) {
        NodeEnvironment env = NodeEnvironment.of(input.cluster(), input.nodeName());
        return new NodeSubject(label, dp.mode(), input.nodeName(), dp.simulator(env), env, RuleInventory.of(dp),
                Optional.of(input), Optional.of(input.config().kubeProxyVersion()));
    }

    /** The node's kube-proxy view per family that has service ports (IPv4 first); empty without a model. */
    public List<NodeProxyView> views() {
        List<NodeProxyView> out = new ArrayList<>();
        if (model.isEmpty()) {
            return out;
        }
        for (IpFamily f : IpFamily.values()) {
            NodeProxyView v = model.get().view(f);
            if (!v.servicePorts().isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    /** The frontends of one service port on this node (NodePorts on the addresses this mode accepts them on). */
    public List<Frontend> frontends(NodeProxyView view, dev.kpsim.core.kubeproxy.ServicePortEntry entry) {
        List<String> configured = model.map(m -> m.config().nodePortAddresses()).orElse(List.of());
        return Frontend.of(view, entry, Frontend.nodePortIps(view, configured, mode));
    }

    /** Every frontend of the view on this node. */
    public List<Frontend> frontends(NodeProxyView view) {
        List<Frontend> out = new ArrayList<>();
        view.servicePorts().forEach(e -> out.addAll(frontends(view, e)));
        return out;
    }

    /**
     * How many endpoints serve the frontend at {@code address} ({@link Frontend#spreadEndpoints}), or 1 when no
     * frontend of the model has that address.
     */
    public int endpointsOf(dev.kpsim.core.net.Protocol protocol, dev.kpsim.core.net.HostPort address) {
        for (NodeProxyView v : views()) {
            for (Frontend f : frontends(v)) {
                if (f.protocol() == protocol && f.address().equals(address)) {
                    return f.spreadEndpoints();
                }
            }
        }
        return 1;
    }

    /** The kube-proxy version the rules are compared against: the generator's, else the model's configured one. */
    public KubeProxyVersion expectedVersion() {
        return generatedBy.orElseGet(() -> model.map(m -> m.config().kubeProxyVersion()).orElse(KubeProxyVersion.LATEST));
    }

    /** True for a real node's dump. */
    public boolean isDump() {
        return generatedBy.isEmpty();
    }
}
