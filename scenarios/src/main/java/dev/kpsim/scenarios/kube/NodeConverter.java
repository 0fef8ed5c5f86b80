package dev.kpsim.scenarios.kube;

import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Values;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A v1 Node: its name, its own addresses (every {@code InternalIP} and {@code ExternalIP} entry of
 * {@code status.addresses}, in written order; Hostname and DNS entries are not addresses), its pod CIDRs
 * ({@code spec.podCIDRs}, else {@code spec.podCIDR}) and its zone (label {@code topology.kubernetes.io/zone},
 * which kube-proxy's topology-aware routing reads).
 */
public final class NodeConverter {
    /** The well-known zone label ({@code v1.LabelTopologyZone}). */
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private NodeConverter() {
    }

    public static void read(Located obj, Values v, InputCollector out) {
        Optional<ObjectIdentity> meta = ObjectIdentity.read(obj, "Node", false, v);
        Optional<io.fabric8.kubernetes.api.model.Node> node = KubeMapper.convert(obj, io.fabric8.kubernetes.api.model.Node.class, v);
        if (meta.isEmpty() || node.isEmpty()) {
            return;
        }
        List<IpAddress> addresses = new ArrayList<>();
        if (node.get().getStatus() != null && node.get().getStatus().getAddresses() != null) {
            List<NodeAddress> list = node.get().getStatus().getAddresses();
            for (int i = 0; i < list.size(); i++) {
                NodeAddress a = list.get(i);
                if (("InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType())) && a.getAddress() != null) {
                    v.ip(a.getAddress(), obj.get("status").get("addresses").at(i).get("address")).ifPresent(addresses::add);
                }
            }
        }
        NodeSpec spec = node.get().getSpec() == null ? new NodeSpec() : node.get().getSpec();
        List<Cidr> cidrs = new ArrayList<>();
        Located specAt = obj.get("spec");
        if (spec.getPodCIDRs() != null && !spec.getPodCIDRs().isEmpty()) {
            for (int i = 0; i < spec.getPodCIDRs().size(); i++) {
                v.cidr(spec.getPodCIDRs().get(i), specAt.get("podCIDRs").at(i)).ifPresent(cidrs::add);
            }
        } else if (spec.getPodCIDR() != null && !spec.getPodCIDR().isEmpty()) {
            v.cidr(spec.getPodCIDR(), specAt.get("podCIDR")).ifPresent(cidrs::add);
        }
        out.addNode(new Node(meta.get().name(), addresses, cidrs, meta.get().labels().get(ZONE_LABEL), meta.get().location()));
    }
}
