package dev.kpsim.core.analysis.reach;

import java.util.List;
import java.util.Optional;

/**
 * The reachability matrix: clients × frontends, one {@link ReachCell} for every pair that applies (an external client
 * reaches a node port only on the node it arrives at). Immutable data; see {@link ReachTextRenderer} and
 * {@link ReachJsonRenderer}.
 *
 * @param mode    the data-plane mode simulated ({@code iptables}, {@code nftables}, …)
 * @param nodes   the nodes whose rules were run
 */
public record ReachMatrix(String mode, List<String> nodes, List<ReachClient> clients, List<ReachFrontend> frontends,
                          List<ReachCell> cells) {

    public ReachMatrix {
        nodes = List.copyOf(nodes);
        clients = List.copyOf(clients);
        frontends = List.copyOf(frontends);
        cells = List.copyOf(cells);
    }

    /** The cell of a client and a frontend, if that pair applies. */
    public Optional<ReachCell> cell(String clientId, String frontendId) {
        return cells.stream().filter(c -> c.client().equals(clientId) && c.frontend().equals(frontendId)).findFirst();
    }

    public Optional<ReachClient> client(String id) {
        return clients.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<ReachFrontend> frontend(String id) {
        return frontends.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** Cells with a silently dropped share, in matrix order. */
    public List<ReachCell> blackHoles() {
        return cells.stream().filter(c -> c.blackHole().isPresent()).toList();
    }
}
