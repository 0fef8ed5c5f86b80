package dev.kpsim.core.analysis.diff;

import dev.kpsim.core.analysis.doctor.Client;
import dev.kpsim.core.analysis.doctor.Delivery;
import dev.kpsim.core.analysis.doctor.Frontend;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.analysis.doctor.Probe;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.EntryPoints;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reachability matrix two sides of a diff share: the union of both sides' frontends (by protocol and address)
 * and one set of clients (a pod of the node, the node itself, an external client and one inside each load-balancer
 * source range), so each cell is probed on both sides with the same packet. Computed with {@code outcomes}: exact,
 * no sampling.
 */
public final class Reachability {

    /** A frontend to probe, named as the side that has it names it. */
    public record Target(String label, Protocol protocol, HostPort address) {
    }

    private final List<Client> clients;
    private final List<Target> targets;

    private Reachability(List<Client> clients, List<Target> targets) {
        this.clients = List.copyOf(clients);
        this.targets = List.copyOf(targets);
    }

    public List<Client> clients() {
        return clients;
    }

    public List<Target> targets() {
        return targets;
    }

    /** The matrix for comparing {@code a} with {@code b}: clients from {@code a}'s node, frontends of both. */
    public static Reachability of(NodeSubject a, NodeSubject b) {
        Map<String, Target> targets = new LinkedHashMap<>();
        List<Cidr> ranges = new ArrayList<>();
        List<IpFamily> families = new ArrayList<>();
        for (NodeSubject s : List.of(a, b)) {
            for (NodeProxyView v : s.views()) {
                if (!families.contains(v.family())) {
                    families.add(v.family());
                }
                for (Frontend f : s.frontends(v)) {
                    targets.putIfAbsent(f.protocol() + " " + f.address(), new Target(f.label(), f.protocol(), f.address()));
                    f.entry().info().loadBalancerSourceRanges().stream().map(Cidr::tryParse).flatMap(Optional::stream)
                            .filter(c -> !ranges.contains(c)).forEach(ranges::add);
                }
            }
        }
        List<Client> clients = new ArrayList<>();
        for (IpFamily f : families) {
            clients.addAll(Client.standard(a.environment(), f, ranges));
        }
        return new Reachability(clients, new ArrayList<>(targets.values()));
    }

    /** Every cell of the matrix on one side, each with fresh state (empty conntrack and affinity); empty without a simulator. */
    public List<Cell> cells(NodeSubject side) {
        return cells(side, null, Probe.SOURCE_PORT);
    }

    /**
     * Every cell on one side ({@code state} null: each from a fresh state, as {@link #cells(NodeSubject)}), each probed
     * from {@code state}'s current contents (conntrack, affinity lists) with new
     * connections from {@code sourcePort} on; a state-dependent choice is probed as a sequence, which advances the
     * state ({@link Probe}).
     */
    public List<Cell> cells(NodeSubject side, java.util.function.Supplier<SimulationState> state, int sourcePort) {
        List<Cell> out = new ArrayList<>();
        if (side.simulator().isEmpty()) {
            return out;
        }
        for (Client c : clients) {
            for (Target t : targets) {
                if (c.address().family() != t.address().ip().family()) {
                    continue;
                }
                Probe probe;
                try {
                    probe = state == null ? Probe.run(side, side.simulator().get(), t.protocol(), c.address(), t.address())
                            : Probe.run(side, side.simulator().get(), t.protocol(), c.address(), t.address(),
                            side.endpointsOf(t.protocol(), t.address()), state.get(), sourcePort);
                } catch (BadInputException e) {
                    continue;
                }
                List<Outcome> outcomes = probe.outcomes();
                out.add(new Cell(key(c, t), c.label(), t.label(), Delivery.of(t.address(), outcomes), probe.rulesWalked(side.rules())));
            }
        }
        return out;
    }

    static String key(Client c, Target t) {
        return c.label() + " -> " + t.label();
    }
}
