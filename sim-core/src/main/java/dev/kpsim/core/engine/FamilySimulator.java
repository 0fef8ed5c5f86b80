package dev.kpsim.core.engine;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A dual-stack node: one simulator per IP family (iptables and ip6tables, or nftables' {@code ip} and {@code ip6}
 * tables), each packet handled by its own family's, as the kernel keeps the two stacks apart.
 */
public final class FamilySimulator implements Simulator {
    private final Map<IpFamily, Simulator> byFamily;

    private FamilySimulator(Map<IpFamily, Simulator> byFamily) {
        this.byFamily = byFamily;
    }

    /** A simulator dispatching to {@code byFamily} (a family without one is an error for its packets). */
    public static Simulator of(Map<IpFamily, Simulator> byFamily) {
        if (byFamily.size() == 1) {
            return byFamily.values().iterator().next();
        }
        return new FamilySimulator(new EnumMap<>(byFamily));
    }

    private Simulator forPacket(Packet p) {
        Simulator s = byFamily.get(p.source().family());
        if (s == null) {
            throw new BadInputException(SourceLocation.ofFile("<packet>"), "family-mismatch", "the node has no "
                    + p.source().family().kubernetesName() + " rules to simulate " + p);
        }
        return s;
    }

    @Override
    public Outcome trace(Packet packet, EntryPoint entry, SimulationState state) {
        return forPacket(packet).trace(packet, entry, state);
    }

    @Override
    public List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state) {
        return forPacket(packet).outcomes(packet, entry, state);
    }

    @Override
    public Simulator withoutHops() {
        Map<IpFamily, Simulator> m = new EnumMap<>(IpFamily.class);
        byFamily.forEach((f, s) -> m.put(f, s.withoutHops()));
        return new FamilySimulator(m);
    }
}
