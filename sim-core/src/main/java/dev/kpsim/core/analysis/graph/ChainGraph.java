package dev.kpsim.core.analysis.graph;

import dev.kpsim.core.analysis.explain.ChainRoles;
import dev.kpsim.core.analysis.explain.Explainer;
import dev.kpsim.core.analysis.explain.RuleExplanation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * A ruleset as a directed graph (JGraphT): chains are vertices, each jump / goto / verdict-map element is an edge
 * labelled with the rule's match and its probability; rules that decide (DNAT, DROP, REJECT, MASQUERADE) get a verdict
 * vertex so a service's graph ends at its endpoints. Jumps to chains that do not exist point at a {@code missing}
 * vertex. Chains of one service port ({@code KUBE-SVC-…}, {@code KUBE-SEP-…}, nftables {@code service-…}, …) carry that
 * service as owner, for per-service clusters and {@link #forService}. Immutable after construction.
 */
public final class ChainGraph {

    /** What a vertex stands for. */
    public enum VertexKind {
        /** A base (built-in) chain, attached to a hook. */
        BASE,
        /** A user / regular chain. */
        CHAIN,
        /** A chain some rule jumps to that the ruleset does not have. */
        MISSING,
        /** The deciding action of one rule (DNAT, DROP, …). */
        VERDICT
    }

    /**
     * A vertex.
     *
     * @param id          {@code table:chain}, or {@code table:chain#rule} for a verdict
     * @param service     the service (port) owning the chain, if it is one of a service's chains
     * @param description what the chain is for (kube-proxy's chains), or the verdict's text
     */
    public record Vertex(String id, VertexKind kind, String table, String chain, String hook, String policy, int rules,
                         String service, String description) {
    }

    /**
     * An edge from the chain holding rule {@code rule} to where it leads.
     *
     * @param index       distinguishes several edges of one rule (verdict-map elements)
     * @param label       the rule's match (and map key), as written
     * @param probability the chance of taking it when the rule is reached, if random
     * @param role        the rule's role (provenance or inferred), if known
     */
    public record Edge(String from, String to, int rule, int index, boolean isGoto, String label, Double probability,
                       String ruleText, String role) {
    }

    private final String mode;
    private final Graph<Vertex, Edge> graph;
    private final Map<String, Vertex> byId;

    private ChainGraph(String mode, Graph<Vertex, Edge> graph, java.util.Collection<Vertex> order) {
        this.mode = mode;
        this.graph = graph;
        this.byId = new LinkedHashMap<>();
        order.forEach(v -> byId.put(v.id(), v));
    }

    /**
     * Builds the graph.
     *
     * @param owners chain name → owning service port, computed from the cluster's services with kube-proxy's name
     *               hashes (for dumps whose comments were stripped); may be empty
     */
    public static ChainGraph build(RuleGraphSource source, Map<String, String> owners) {
        Graph<Vertex, Edge> g = new DirectedPseudograph<>(Edge.class);
        Map<String, Vertex> vertices = new LinkedHashMap<>();
        for (GraphChain c : source.chains()) {
            Vertex v = new Vertex(c.id(), c.isBase() ? VertexKind.BASE : VertexKind.CHAIN, c.table(), c.name(), c.hook(),
                    c.policy(), c.rules().size(), ServiceOwners.owner(c, owners).orElse(null),
                    ChainRoles.describe(c.table(), c.name()).orElse(null));
            vertices.put(v.id(), v);
            g.addVertex(v);
        }
        for (GraphChain c : source.chains()) {
            Vertex from = vertices.get(c.id());
            for (GraphRule r : c.rules()) {
                String role = role(c, r);
                int index = 0;
                for (GraphJump j : r.jumps()) {
                    String toId = j.table() + ":" + j.chain();
                    Vertex to = vertices.get(toId);
                    if (to == null) {
                        to = new Vertex(toId, VertexKind.MISSING, j.table(), j.chain(), null, null, 0, null,
                                "missing: no such chain");
                        vertices.put(toId, to);
                        g.addVertex(to);
                    }
                    String label = j.label().isEmpty() ? r.matchText() : (r.matchText().isEmpty() ? j.label()
                            : r.matchText() + " " + j.label());
                    g.addEdge(from, to, new Edge(from.id(), toId, r.number(), index++, j.isGoto(), label, j.probability(),
                            r.text(), role));
                }
                if (r.verdict() != null) {
                    Vertex v = new Vertex(c.id() + "#" + r.number(), VertexKind.VERDICT, c.table(), c.name(), null, null, 0,
                            from.service(), r.verdict());
                    vertices.put(v.id(), v);
                    g.addVertex(v);
                    g.addEdge(from, v, new Edge(from.id(), v.id(), r.number(), index, false, r.matchText(), null, r.text(),
                            role));
                }
            }
        }
        return new ChainGraph(source.mode(), g, vertices.values());
    }

    private static String role(GraphChain c, GraphRule r) {
        return Explainer.explain(c.table(), c.name(), r.text(), r.provenance() == null ? null : r.provenance().role())
                .map(RuleExplanation::role).orElse(null);
    }

    public String mode() {
        return mode;
    }

    /** The JGraphT graph (read-only use). */
    public Graph<Vertex, Edge> graph() {
        return graph;
    }

    public Optional<Vertex> vertex(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Vertices in insertion order (tables, then chains as declared, verdicts after their chain's rules). */
    public List<Vertex> vertices() {
        return List.copyOf(byId.values());
    }

    /** Edges ordered by source vertex, then rule, then index. */
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        for (Vertex v : byId.values()) {
            graph.outgoingEdgesOf(v).stream()
                    .sorted(java.util.Comparator.comparingInt(Edge::rule).thenComparingInt(Edge::index))
                    .forEach(out::add);
        }
        return out;
    }

    /** The services owning chains, in order of first appearance. */
    public List<String> services() {
        Set<String> s = new LinkedHashSet<>();
        byId.values().stream().filter(v -> v.kind() != VertexKind.VERDICT && v.service() != null)
                .forEach(v -> s.add(v.service()));
        return List.copyOf(s);
    }

    /**
     * The part of the graph one service (port) lives in: its own chains, everything they lead to that belongs to no
     * other service (KUBE-MARK-MASQ, verdicts), and every chain on a way to them from a base chain — with only the
     * edges among those vertices.
     *
     * @param selects which owning service ports are selected
     */
    public ChainGraph forService(Predicate<String> selects) {
        Set<Vertex> own = new LinkedHashSet<>();
        byId.values().stream().filter(v -> v.service() != null && selects.test(v.service())).forEach(own::add);
        Set<Vertex> keep = new LinkedHashSet<>(own);
        Deque<Vertex> work = new ArrayDeque<>(own);
        while (!work.isEmpty()) {
            Vertex v = work.pop();
            for (Edge e : graph.outgoingEdgesOf(v)) {
                Vertex t = graph.getEdgeTarget(e);
                if ((t.service() == null || selects.test(t.service())) && keep.add(t)) {
                    work.push(t);
                }
            }
        }
        work.addAll(own);
        Set<Vertex> seen = new LinkedHashSet<>(own);
        while (!work.isEmpty()) {
            Vertex v = work.pop();
            for (Edge e : graph.incomingEdgesOf(v)) {
                Vertex s = graph.getEdgeSource(e);
                if (s.service() == null && seen.add(s)) {
                    keep.add(s);
                    work.push(s);
                }
            }
        }
        Set<Vertex> ordered = new LinkedHashSet<>();
        byId.values().stream().filter(keep::contains).forEach(ordered::add);
        return new ChainGraph(mode, new AsSubgraph<>(graph, ordered), ordered);
    }
}
