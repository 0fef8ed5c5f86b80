package dev.kpsim.cli.sections;

import dev.kpsim.core.analysis.diff.ClusterEvent;
import dev.kpsim.scenarios.raw.RawNode;
import dev.kpsim.scenarios.raw.RawNode.RawMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario's {@code events:} section (or an events file: a list, or a mapping with an {@code events:} list)
 * into {@link ClusterEvent}s. Each item is a mapping with exactly one key:
 * <pre>
 * - endpointTerminating: default/web-7d4b9c-x2k8p    # a pod (namespace/name or name) or an endpoint IP
 * - endpointNotReady: 10.244.2.10
 * - scale: {service: default/web, replicas: 5}
 * - nodeLosesLocalEndpoints: {service: default/web, node: node-1}   # node defaults to the simulated node
 * - affinityTimeoutPasses: default/api
 * - wait: 30s
 * </pre>
 */
public final class EventsReader {
    private EventsReader() {
    }

    static final Set<String> KINDS = Set.of("endpointTerminating", "endpointNotReady", "scale", "nodeLosesLocalEndpoints",
            "affinityTimeoutPasses", "wait");

    /** The events of a section or file root; {@code node} is the simulated node (the default for node events). */
    public static List<ClusterEvent> read(RawNode root, String node) {
        RawNode list = root;
        if (root instanceof RawMap m && m.get("events").isPresent()) {
            list = m.get("events").get();
        }
        List<ClusterEvent> out = new ArrayList<>();
        for (RawNode item : Raw.list(list, "events")) {
            RawMap m = Raw.map(item, "an event");
            if (m.entries().size() != 1) {
                throw Raw.bad(m.location(), "bad-event", "an event has exactly one key, one of: "
                        + String.join(", ", KINDS.stream().sorted().toList()));
            }
            Raw.onlyKeys(m, KINDS, "an event");
            Map.Entry<String, RawNode> e = m.entries().entrySet().iterator().next();
            RawNode v = e.getValue();
            var at = m.keyLocations().getOrDefault(e.getKey(), m.location());
            out.add(switch (e.getKey()) {
                case "endpointTerminating" -> new ClusterEvent.EndpointTerminating(Raw.text(v, e.getKey()), at);
                case "endpointNotReady" -> new ClusterEvent.EndpointNotReady(Raw.text(v, e.getKey()), at);
                case "scale" -> {
                    RawMap s = Raw.map(v, "scale");
                    Raw.onlyKeys(s, Set.of("service", "replicas"), "scale");
                    yield new ClusterEvent.Scale(Raw.reqText(s, "service", "scale"),
                            Raw.integer(s.get("replicas").orElseThrow(() -> Raw.bad(s.location(), "missing-field",
                                    "scale needs 'replicas'")), "replicas"), at);
                }
                case "nodeLosesLocalEndpoints" -> {
                    RawMap s = Raw.map(v, "nodeLosesLocalEndpoints");
                    Raw.onlyKeys(s, Set.of("service", "node"), "nodeLosesLocalEndpoints");
                    yield new ClusterEvent.LocalEndpointsLost(Raw.reqText(s, "service", "nodeLosesLocalEndpoints"),
                            Raw.optText(s, "node").orElse(node), at);
                }
                case "affinityTimeoutPasses" -> new ClusterEvent.AffinityTimeoutPasses(Raw.text(v, e.getKey()), at);
                default -> new ClusterEvent.Wait(Raw.durationMillis(v, "wait"), at);
            });
        }
        return out;
    }
}
