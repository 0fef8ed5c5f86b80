package dev.kpsim.mode.ipvs.sim;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.IpsetLookup;
import dev.kpsim.core.netfilter.engine.IpsetMembership;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.ipset.IpSetEntry;
import dev.kpsim.mode.ipvs.ipset.IpSetType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node's ipsets as the netfilter engine's {@code -m set} asks them ({@code xt_set} → {@code ip_set_test}, with
 * each type's {@code kadt} in {@code net/netfilter/ipset/ip_set_*.c}): a packet's key is built from one address or
 * port per set dimension, each taken from the source or destination as the match's flags say, and looked up.
 *
 * <p>Kernel rules kept: a match with fewer flags than the set has dimensions never matches; a hash set of another
 * address family never matches; the port dimension of {@code hash:ip,port*} carries the protocol (a UDP packet is not
 * in {@code 10.0.0.10,tcp:53}); {@code bitmap:port} looks at the port only. A set kpsim does not know, of a type it does
 * not model, or with a member it could not read (when the packet is not among the members it did read) answers
 * {@link IpsetMembership#UNKNOWN_SET}, which the engine treats as "may match".
 *
 * <p>Built once from the sets (kube-proxy's own or an {@code ipset save} dump); immutable and thread-safe; a lookup is
 * O(1) except for {@code hash:ip,port,net}, which scans its members.
 */
public final class IpsetIndex implements IpsetLookup {
    private final Map<String, Indexed> sets = new HashMap<>();

    private IpsetIndex(List<IpSet> all) {
        for (IpSet s : all) {
            sets.put(s.name(), new Indexed(s));
        }
    }

    /** An index over {@code sets} (a later set of the same name replaces an earlier one, as ipset restore would fail). */
    public static IpsetIndex of(List<IpSet> sets) {
        return new IpsetIndex(sets);
    }

    /** The set of this name, if known. */
    public Optional<IpSet> set(String name) {
        Indexed i = sets.get(name);
        return i == null ? Optional.empty() : Optional.of(i.set);
    }

    @Override
    public IpsetMembership test(String setName, List<Side> directions, Packet packet) {
        Indexed s = sets.get(setName);
        if (s == null || !s.set.type().modelled()) {
            return IpsetMembership.UNKNOWN_SET;
        }
        if (directions.size() < s.dimensions) {
            return IpsetMembership.NOT_MEMBER;
        }
        if (s.family != null && s.family != packet.source().family()) {
            return IpsetMembership.NOT_MEMBER;
        }
        if (s.contains(directions, packet)) {
            return IpsetMembership.MEMBER;
        }
        return s.unreadMembers ? IpsetMembership.UNKNOWN_SET : IpsetMembership.NOT_MEMBER;
    }

    /** {@code ipset test NAME ip,proto:port} for a hash:ip,port set (also for kpsim's own notes). */
    public boolean containsIpPort(String setName, IpAddress ip, Protocol protocol, int port) {
        Indexed s = sets.get(setName);
        return s != null && s.ipPorts.contains(new IpPort(ip, protocol, port));
    }

    /** {@code ipset test NAME port} for a bitmap:port set. */
    public boolean containsPort(String setName, int port) {
        Indexed s = sets.get(setName);
        return s != null && s.ports.get(port);
    }

    private record IpPort(IpAddress ip, Protocol protocol, int port) {
    }

    private record IpPortIp(IpAddress ip, Protocol protocol, int port, IpAddress ip2) {
    }

    /** One set with its members in lookup form. */
    private static final class Indexed {
        final IpSet set;
        final IpFamily family;
        final int dimensions;
        final boolean unreadMembers;
        final Set<IpAddress> ips = new HashSet<>();
        final Set<IpPort> ipPorts = new HashSet<>();
        final Set<IpPortIp> ipPortIps = new HashSet<>();
        final List<IpSetEntry> ipPortNets = new ArrayList<>();
        final BitSet ports = new BitSet(65536);

        Indexed(IpSet set) {
            this.set = set;
            this.family = set.family().orElse(null);
            this.dimensions = switch (set.type()) {
                case HASH_IP, BITMAP_PORT -> 1;
                case HASH_IP_PORT -> 2;
                default -> 3;
            };
            List<IpSetEntry> entries = set.entries();
            this.unreadMembers = entries.size() != set.members().size();
            for (IpSetEntry e : entries) {
                switch (e.type()) {
                    case HASH_IP -> ips.add(e.ip());
                    case HASH_IP_PORT -> ipPorts.add(new IpPort(e.ip(), e.protocol(), e.port()));
                    case HASH_IP_PORT_IP -> ipPortIps.add(new IpPortIp(e.ip(), e.protocol(), e.port(), e.ip2()));
                    case HASH_IP_PORT_NET -> ipPortNets.add(e);
                    case BITMAP_PORT -> ports.set(e.port());
                    default -> {
                    }
                }
            }
        }

        boolean contains(List<Side> dirs, Packet p) {
            IpSetType t = set.type();
            if (t == IpSetType.BITMAP_PORT) {
                return p.protocol().hasPorts() && ports.get(port(dirs.get(0), p));
            }
            IpAddress a = address(dirs.get(0), p);
            if (t == IpSetType.HASH_IP) {
                return ips.contains(a);
            }
            if (!p.protocol().hasPorts()) {
                return false;
            }
            int port = port(dirs.get(1), p);
            return switch (t) {
                case HASH_IP_PORT -> ipPorts.contains(new IpPort(a, p.protocol(), port));
                case HASH_IP_PORT_IP -> ipPortIps.contains(new IpPortIp(a, p.protocol(), port, address(dirs.get(2), p)));
                case HASH_IP_PORT_NET -> {
                    IpAddress third = address(dirs.get(2), p);
                    for (IpSetEntry e : ipPortNets) {
                        if (e.ip().equals(a) && e.protocol() == p.protocol() && e.port() == port && e.net().contains(third)) {
                            yield true;
                        }
                    }
                    yield false;
                }
                default -> false;
            };
        }

        private static IpAddress address(Side side, Packet p) {
            return side == Side.SOURCE ? p.source() : p.destination();
        }

        private static int port(Side side, Packet p) {
            return side == Side.SOURCE ? p.sourcePort() : p.destinationPort();
        }
    }
}
