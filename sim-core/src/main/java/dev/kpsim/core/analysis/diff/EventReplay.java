package dev.kpsim.core.analysis.diff;

import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.netfilter.engine.EntryPoints;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a scenario's events against one node with its netfilter state kept, as on a real node: first one
 * connection is established per reachability cell (seeded choices, conntrack and affinity entries recorded), then the
 * events change the objects (kube-proxy rewrites the rules) and move the clock, then each established connection sends
 * its next packet through the new rules — conntrack still holds its translation, so it keeps its old endpoint even if
 * that endpoint is terminating or gone (stale conntrack; kube-proxy flushes only UDP entries of removed endpoints) —
 * and new connections are compared cell by cell, with the affinity lists as they are after the events.
 */
public final class EventReplay {
    private EventReplay() {
    }

    /**
     * First source port of the established connections (one per cell); new connections use {@link #NEW_PORT} before
     * the events and {@code NEW_PORT + 5000} after, so no probe meets another's conntrack entry.
     */
    static final int ESTABLISHED_PORT = 40000;
    static final int NEW_PORT = 50000;

    /**
     * Replays {@code events} on {@code input}'s node in {@code mode}.
     *
     * @param label names the scenario in the report
     * @throws dev.kpsim.core.diag.BadInputException if an event names nothing in the cluster
     */
    public static DiffReport run(ProxyMode mode, ProxyInput input, List<ClusterEvent> events, long seed, String label) {
        NodeSubject before = NodeSubject.generated(label + " before events", input, mode.generate(input));
        Cluster cluster = input.cluster();
        long elapsed = 0;
        for (ClusterEvent e : events) {
            elapsed += ClusterEvents.advanceMillis(cluster, e);
            cluster = ClusterEvents.apply(cluster, e);
        }
        ProxyInput afterInput = new ProxyInput(cluster, input.config(), input.nodeName());
        NodeSubject after = NodeSubject.generated(label + " after " + events.size() + " event" + (events.size() == 1 ? "" : "s"),
                afterInput, mode.generate(afterInput));
        List<String> notes = new ArrayList<>();
        for (ClusterEvent e : events) {
            notes.add("event: " + e.describe());
        }
        if (before.simulator().isEmpty()) {
            notes.add("kpsim cannot simulate " + before.mode() + " mode yet: events change only the rules compared");
            DiffReport structural = SemanticDiff.compare(before, after);
            List<String> all = new ArrayList<>(notes);
            all.addAll(structural.notes());
            return new DiffReport(structural.a(), structural.b(), 0, structural.rulesA(), structural.rulesB(), 0, 0,
                    structural.entries(), all);
        }
        Reachability matrix = Reachability.of(before, after);
        SimulationState state = new SimulationState(seed);
        List<Established> flows = new ArrayList<>();
        int port = ESTABLISHED_PORT;
        for (var c : matrix.clients()) {
            for (var t : matrix.targets()) {
                if (c.address().family() != t.address().ip().family()) {
                    continue;
                }
                Packet p = Packet.of(t.protocol(), new HostPort(c.address(), port++), t.address());
                EntryPoint entry = EntryPoints.defaultFor(p, before.environment());
                Outcome o = before.simulator().get().trace(p, entry, state);
                if (o.verdict() == Verdict.ACCEPT && o.destination() != null && !o.destination().equals(t.address())) {
                    answer(before, p, o, state);
                    flows.add(new Established(Reachability.key(c, t), p, entry, o.destination()));
                }
            }
        }
        List<Cell> cellsBefore = matrix.cells(before, () -> state, NEW_PORT);
        state.advanceMillis(elapsed);
        List<Cell> cellsAfter = matrix.cells(after, () -> state, NEW_PORT + 5000);
        List<DiffEntry> entries = new ArrayList<>();
        for (Established f : flows) {
            Outcome o = after.simulator().get().trace(f.packet(), f.entry(), state);
            boolean tracked = o.hops().stream().anyMatch(s -> s instanceof Step.ConntrackStep cs && !cs.state().equals("NEW"));
            String now = o.verdict() != Verdict.ACCEPT ? o.verdict().name()
                    : o.destination() == null ? "untranslated" : o.destination().toString();
            boolean stillEndpoint = cellsAfter.stream().filter(c -> c.key().equals(f.key())).findFirst()
                    .map(c -> c.delivery().endpoints().contains(f.endpoint())).orElse(false);
            if (!now.equals(f.endpoint().toString())) {
                entries.add(new DiffEntry(DiffKind.ESTABLISHED, f.key() + " (" + f.packet().sourceHostPort() + ")",
                        f.endpoint().toString(), now + (tracked ? "" : " (conntrack entry expired: a new connection)"), List.of()));
            } else if (!stillEndpoint) {
                entries.add(new DiffEntry(DiffKind.ESTABLISHED, f.key() + " (" + f.packet().sourceHostPort() + ")",
                        f.endpoint().toString(), now + " (stale conntrack: no longer an endpoint new connections use"
                        + (f.packet().protocol() == dev.kpsim.core.net.Protocol.UDP
                        ? "; kube-proxy deletes UDP entries of removed endpoints" : "") + ")", List.of()));
            }
        }
        entries.addAll(SemanticDiff.compareCells(cellsBefore, cellsAfter));
        int rulesA = before.rules().ruleCount();
        int rulesB = after.rules().ruleCount();
        if (rulesA != rulesB) {
            entries.add(new DiffEntry(DiffKind.RULE_COUNT, "rules", String.valueOf(rulesA), String.valueOf(rulesB), List.of()));
        }
        double costA = cellsBefore.stream().mapToDouble(Cell::rulesWalked).average().orElse(0);
        double costB = cellsAfter.stream().mapToDouble(Cell::rulesWalked).average().orElse(0);
        if (Math.abs(costA - costB) > 1e-6) {
            entries.add(new DiffEntry(DiffKind.EVALUATION_COST, "rules walked per new connection (mean over "
                    + cellsBefore.size() + " cells)", SemanticDiff.fmt(costA), SemanticDiff.fmt(costB), List.of()));
        }
        notes.add(flows.size() + " connection" + (flows.size() == 1 ? "" : "s") + " established before the events (seed " + seed + ")");
        return new DiffReport(before.label(), after.label(), cellsBefore.size(), rulesA, rulesB, costA, costB, entries, notes);
    }

    /**
     * The rest of a connection's handshake — the endpoint's answer (from the endpoint back to the client's address
     * as the endpoint saw it, after masquerade) and the client's next packet — so conntrack holds the connection as
     * established, for the established timeout rather than the short SYN_SENT one.
     */
    private static void answer(NodeSubject node, Packet p, Outcome o, SimulationState state) {
        HostPort to = new HostPort(o.masquerade() && o.newSource() != null ? o.newSource() : p.source(), p.sourcePort());
        Packet reply = Packet.of(p.protocol(), o.destination(), to);
        node.simulator().get().trace(reply, EntryPoints.defaultFor(reply, node.environment()), state);
        node.simulator().get().trace(p, EntryPoints.defaultFor(p, node.environment()), state);
    }

    /** A connection established before the events, and the endpoint it got. */
    private record Established(String key, Packet packet, EntryPoint entry, HostPort endpoint) {
    }
}
