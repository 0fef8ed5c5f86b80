package dev.kpsim.cli.conformance;

import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.net.IpAddress;
import java.util.List;

/** nftables mode against kube-proxy's intent, in the GA, 1.35 and 1.36 layouts. */
class NftablesConformanceTest extends ModeConformanceTest {
    @Override
    String mode() {
        return "nftables";
    }

    @Override
    List<String> versions() {
        return List.of("1.33", "1.35", "1.36");
    }

    /**
     * Intended difference: the nftables proxier defaults {@code nodePortAddresses} to {@code primary}
     * ({@code platformApplyDefaults}), so NodePorts answer on the node's primary address only.
     */
    @Override
    List<IpAddress> nodePortAddresses(NodeProxyView view) {
        return view.nodeIps().isEmpty() ? List.of() : List.of(view.nodeIps().get(0));
    }
}
