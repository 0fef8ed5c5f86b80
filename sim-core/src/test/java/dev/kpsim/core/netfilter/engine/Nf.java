package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.NatRange;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.packet.Packet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A terse way to build rulesets from the model records in tests. */
final class Nf {
    private Nf() {
    }

    static Rule rule(Target t, Match... ms) {
        return new Rule(List.of(ms), t, null, null, null, null);
    }

    static Rule rule(Match... ms) {
        return rule(NoTarget.INSTANCE, ms);
    }

    static AddressMatch src(String cidr) {
        return new AddressMatch(Side.SOURCE, Cidr.parse(cidr), false);
    }

    static AddressMatch notSrc(String cidr) {
        return new AddressMatch(Side.SOURCE, Cidr.parse(cidr), true);
    }

    static AddressMatch dst(String cidr) {
        return new AddressMatch(Side.DESTINATION, Cidr.parse(cidr), false);
    }

    static AddressMatch notDst(String cidr) {
        return new AddressMatch(Side.DESTINATION, Cidr.parse(cidr), true);
    }

    static ProtocolMatch proto(String p) {
        return new ProtocolMatch(p, false);
    }

    static PortMatch dport(String module, int port) {
        return new PortMatch(module, null, PortRange.single(port), List.of());
    }

    static PortMatch tcp(int port) {
        return dport("tcp", port);
    }

    static CommentMatch comment(String c) {
        return new CommentMatch(c);
    }

    static RandomMatch prob(String p) {
        return RandomMatch.of(p, false);
    }

    static InterfaceMatch in(String name) {
        return new InterfaceMatch(true, name, false);
    }

    static InterfaceMatch outIf(String name) {
        return new InterfaceMatch(false, name, false);
    }

    static MarkMatch mark(long value, long mask, boolean negated) {
        return new MarkMatch(value, mask, negated);
    }

    static ConntrackMatch ctstate(boolean negated, CtState... states) {
        return new ConntrackMatch(EnumSet.copyOf(List.of(states)), negated, null, false, null, List.of());
    }

    static JumpTarget jump(String chain) {
        return new JumpTarget(chain, false);
    }

    static JumpTarget go(String chain) {
        return new JumpTarget(chain, true);
    }

    static DnatTarget dnat(String hostPort) {
        HostPort hp = HostPort.parse(hostPort);
        return new DnatTarget(NatRange.of(hp.ip(), hp.port()), false, false);
    }

    static MarkTarget orMark(long v) {
        return new MarkTarget(MarkTarget.Op.OR_MARK, v, 0, "0x" + Long.toHexString(v));
    }

    static MarkTarget xorMark(long v) {
        return new MarkTarget(MarkTarget.Op.XOR_MARK, v, 0, "0x" + Long.toHexString(v));
    }

    static MarkTarget setMark(long v) {
        return new MarkTarget(MarkTarget.Op.SET_MARK, v, 0xFFFFFFFFL, "0x" + Long.toHexString(v));
    }

    static MasqueradeTarget masquerade() {
        return new MasqueradeTarget(null, false, true);
    }

    static final StandardTarget ACCEPT = StandardTarget.ACCEPT;
    static final StandardTarget DROP = StandardTarget.DROP;
    static final StandardTarget RETURN = StandardTarget.RETURN;

    static Packet tcp(String src, String dst) {
        HostPort s = src.contains(":") ? HostPort.parse(src) : new HostPort(IpAddress.parse(src), 40000);
        return Packet.of(Protocol.TCP, s, HostPort.parse(dst));
    }

    static Packet udp(String src, String dst) {
        HostPort s = src.contains(":") ? HostPort.parse(src) : new HostPort(IpAddress.parse(src), 40000);
        return Packet.of(Protocol.UDP, s, HostPort.parse(dst));
    }

    /** Builds a ruleset table by table; chains keep declaration order, built-in chains get a policy. */
    static final class Builder {
        private final IpFamily family;
        private final Map<String, Map<String, Chain>> tables = new LinkedHashMap<>();

        Builder(IpFamily family) {
            this.family = family;
        }

        Builder builtin(String table, String chain, String policy, Rule... rules) {
            tables.computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .put(chain, new Chain(chain, policy, dev.kpsim.core.netfilter.Counters.ZERO, List.of(rules)));
            return this;
        }

        Builder chain(String table, String chain, Rule... rules) {
            tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(chain, new Chain(chain, null, null, List.of(rules)));
            return this;
        }

        Ruleset build() {
            List<Table> ts = new ArrayList<>();
            tables.forEach((name, chains) -> {
                Map<String, Chain> all = new LinkedHashMap<>();
                for (String b : Table.builtinChains(name)) {
                    all.put(b, chains.getOrDefault(b, new Chain(b, "ACCEPT", dev.kpsim.core.netfilter.Counters.ZERO, List.of())));
                }
                chains.forEach(all::putIfAbsent);
                ts.add(new Table(name, List.copyOf(all.values())));
            });
            return new Ruleset(family, ts);
        }
    }

    static Builder v4() {
        return new Builder(IpFamily.IPV4);
    }
}
