package dev.kpsim.mode.nftables.engine;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.packet.Packet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal connection tracker for the nftables engine, kept in the caller's
 * {@link dev.kpsim.core.engine.SimulationState}: a confirmed connection's original tuple, the DNAT destination and
 * SNAT/masquerade source chosen for its first packet, indexed by original and by reply tuple (as the kernel's
 * {@code nf_conntrack} hash does). Later packets of the connection reuse the translation and skip {@code nat}
 * chains. Mutable; confined to one simulation run. (The shared sim-core conntrack replaces this once merged.)
 */
final class NftConntrack {

    /** One connection: its first packet as sent, the translations applied to it. */
    record Entry(Packet original, HostPort dnat, IpAddress snat) {
        Packet translated() {
            Packet p = original;
            if (dnat != null) {
                p = p.withDestination(dnat.ip(), dnat.port());
            }
            if (snat != null) {
                p = p.withSource(snat, p.sourcePort());
            }
            return p;
        }
    }

    /** Whether a packet belongs to a known connection, and in which direction. */
    record Hit(Entry entry, boolean reply) {
    }

    private final Map<String, Entry> byOriginal = new HashMap<>();
    private final Map<String, Entry> byReply = new HashMap<>();

    static String tuple(Protocol p, IpAddress src, int sport, IpAddress dst, int dport) {
        return p.lower() + " " + src + " " + sport + " " + dst + " " + dport;
    }

    static String tuple(Packet p) {
        return tuple(p.protocol(), p.source(), p.sourcePort(), p.destination(), p.destinationPort());
    }

    Optional<Hit> lookup(Packet p) {
        String t = tuple(p);
        Entry e = byOriginal.get(t);
        if (e != null) {
            return Optional.of(new Hit(e, false));
        }
        e = byReply.get(t);
        return e == null ? Optional.empty() : Optional.of(new Hit(e, true));
    }

    void confirm(Entry e) {
        byOriginal.put(tuple(e.original()), e);
        Packet tr = e.translated();
        byReply.put(tuple(tr.protocol(), tr.destination(), tr.destinationPort(), tr.source(), tr.sourcePort()), e);
    }

    int size() {
        return byOriginal.size();
    }
}
