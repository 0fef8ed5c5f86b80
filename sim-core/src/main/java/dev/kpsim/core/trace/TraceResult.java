package dev.kpsim.core.trace;

import dev.kpsim.core.packet.Packet;
import java.util.List;

/**
 * The answer to "where does this packet go on this node": the packet, its entry hook, and its outcomes (one for
 * a seeded trace; every distinct one with exact probabilities for {@code outcomes}).
 */
public record TraceResult(Packet packet, EntryPoint entry, String node, List<Outcome> outcomes) {
    public TraceResult {
        outcomes = List.copyOf(outcomes);
    }
}
