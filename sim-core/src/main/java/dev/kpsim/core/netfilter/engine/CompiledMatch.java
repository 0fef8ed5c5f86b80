package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.MultiportMatch;
import dev.kpsim.core.netfilter.match.NfacctMatch;
import dev.kpsim.core.netfilter.match.NthMatch;
import dev.kpsim.core.netfilter.match.PhysdevMatch;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.RecentMatch;
import dev.kpsim.core.netfilter.match.SetMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.StateMatch;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One match of a rule, pre-digested for the per-packet loop: an int kind to switch on and the few fields that kind
 * needs (address masks as longs, protocol numbers, port bounds, a conntrack state bit set), so evaluating it
 * allocates nothing. The original {@link Match} is kept for explanations.
 */
final class CompiledMatch {
    static final int ADDRESS = 1;
    static final int INTERFACE = 2;
    static final int PROTOCOL = 3;
    static final int PORT = 4;
    static final int MULTIPORT = 5;
    static final int RANDOM = 6;
    static final int NTH = 7;
    static final int MARK = 8;
    static final int CONNTRACK = 9;
    static final int STATE = 10;
    static final int ADDRTYPE = 11;
    static final int RECENT = 12;
    static final int SET = 13;
    static final int PHYSDEV = 14;
    static final int UNKNOWN = 15;

    /** Conntrack state bits, as {@code XT_CONNTRACK_STATE_BIT} and friends. */
    static final int CT_INVALID = 1;
    static final int CT_NEW = 2;
    static final int CT_ESTABLISHED = 4;
    static final int CT_RELATED = 8;
    static final int CT_UNTRACKED = 16;
    static final int CT_SNAT = 32;
    static final int CT_DNAT = 64;

    private static final Map<String, Integer> PROTOCOL_NUMBERS = Map.ofEntries(
            Map.entry("all", 0), Map.entry("tcp", 6), Map.entry("udp", 17), Map.entry("sctp", 132),
            Map.entry("icmp", 1), Map.entry("ipv6-icmp", 58), Map.entry("icmpv6", 58), Map.entry("icmp6", 58),
            Map.entry("udplite", 136), Map.entry("dccp", 33), Map.entry("esp", 50), Map.entry("ah", 51),
            Map.entry("gre", 47), Map.entry("igmp", 2), Map.entry("ipip", 4), Map.entry("ipencap", 4),
            Map.entry("mh", 135));

    final int kind;
    final Match source;
    boolean negated;
    // ADDRESS (also ADDRTYPE reuse not needed)
    boolean sourceSide;
    boolean v4;
    long netHi;
    long netLo;
    long maskHi;
    long maskLo;
    // INTERFACE
    boolean input;
    String ifacePrefix;
    boolean ifaceWildcard;
    // PROTOCOL / PORT / MULTIPORT
    int protocol;
    PortRange sport;
    PortRange dport;
    int[] portFrom;
    int[] portTo;
    int portSide; // 0 source, 1 destination, 2 either
    boolean uncertainOptions;
    // RANDOM / NTH
    long kernelValue;
    int every;
    int packet;
    String counterKey;
    // MARK
    long markValue;
    long markMask;
    // CONNTRACK / STATE
    int stateBits;
    boolean hasStates;
    Cidr origDst;
    boolean origDstNegated;
    PortRange origDstPort;
    // ADDRTYPE
    Set<String> srcTypes;
    Set<String> dstTypes;
    boolean srcTypeNegated;
    boolean dstTypeNegated;
    boolean limitIn;
    boolean limitOut;
    boolean uncertainTypes;
    // RECENT
    RecentMatch recent;
    IpAddress recentMask;
    // SET
    SetMatch set;
    // PHYSDEV
    PhysdevMatch physdev;

    private CompiledMatch(int kind, Match source) {
        this.kind = kind;
        this.source = source;
    }

    /** The compiled form, or null for matches that always hold and do nothing ({@code comment}, {@code nfacct}). */
    static CompiledMatch compile(Match m) {
        if (m instanceof CommentMatch || m instanceof NfacctMatch) {
            return null;
        }
        if (m instanceof AddressMatch a) {
            CompiledMatch c = new CompiledMatch(ADDRESS, m);
            c.sourceSide = a.side() == Side.SOURCE;
            c.negated = a.negated();
            setNet(c, a.cidr());
            return c;
        }
        if (m instanceof InterfaceMatch i) {
            CompiledMatch c = new CompiledMatch(INTERFACE, m);
            c.input = i.input();
            c.negated = i.negated();
            c.ifaceWildcard = i.name().endsWith("+");
            c.ifacePrefix = c.ifaceWildcard ? i.name().substring(0, i.name().length() - 1) : i.name();
            return c;
        }
        if (m instanceof ProtocolMatch p) {
            CompiledMatch c = new CompiledMatch(PROTOCOL, m);
            c.protocol = protocolNumber(p.protocol());
            c.negated = p.negated();
            return c;
        }
        if (m instanceof PortMatch p) {
            CompiledMatch c = new CompiledMatch(PORT, m);
            c.protocol = protocolNumber(p.module());
            c.sport = p.sourcePort();
            c.dport = p.destinationPort();
            c.uncertainOptions = !p.unmodeled().isEmpty();
            return c;
        }
        if (m instanceof MultiportMatch mp) {
            CompiledMatch c = new CompiledMatch(MULTIPORT, m);
            c.negated = mp.negated();
            c.portSide = mp.side() == null ? 2 : mp.side() == Side.SOURCE ? 0 : 1;
            c.portFrom = new int[mp.ports().size()];
            c.portTo = new int[mp.ports().size()];
            for (int k = 0; k < mp.ports().size(); k++) {
                c.portFrom[k] = mp.ports().get(k).from();
                c.portTo[k] = mp.ports().get(k).to();
            }
            return c;
        }
        if (m instanceof RandomMatch r) {
            CompiledMatch c = new CompiledMatch(RANDOM, m);
            c.kernelValue = r.kernelValue();
            c.negated = r.negated();
            return c;
        }
        if (m instanceof NthMatch n) {
            CompiledMatch c = new CompiledMatch(NTH, m);
            c.every = Math.max(1, n.every());
            c.packet = n.packet();
            c.negated = n.negated();
            return c;
        }
        if (m instanceof MarkMatch mk) {
            CompiledMatch c = new CompiledMatch(MARK, m);
            c.markValue = mk.value();
            c.markMask = mk.mask();
            c.negated = mk.negated();
            return c;
        }
        if (m instanceof ConntrackMatch ct) {
            CompiledMatch c = new CompiledMatch(CONNTRACK, m);
            c.hasStates = ct.states() != null;
            c.stateBits = ct.states() == null ? 0 : bits(ct.states());
            c.negated = ct.statesNegated();
            c.origDst = ct.origDst();
            c.origDstNegated = ct.origDstNegated();
            c.origDstPort = ct.origDstPort();
            c.uncertainOptions = !ct.unmodeled().isEmpty();
            return c;
        }
        if (m instanceof StateMatch s) {
            CompiledMatch c = new CompiledMatch(STATE, m);
            c.stateBits = bits(s.states());
            c.negated = s.negated();
            return c;
        }
        if (m instanceof AddrtypeMatch at) {
            CompiledMatch c = new CompiledMatch(ADDRTYPE, m);
            c.srcTypes = types(at.srcType());
            c.dstTypes = types(at.dstType());
            c.srcTypeNegated = at.srcNegated();
            c.dstTypeNegated = at.dstNegated();
            c.limitIn = at.limitIfaceIn();
            c.limitOut = at.limitIfaceOut();
            c.uncertainTypes = !modeled(c.srcTypes) || !modeled(c.dstTypes);
            return c;
        }
        if (m instanceof RecentMatch r) {
            CompiledMatch c = new CompiledMatch(RECENT, m);
            c.recent = r;
            c.negated = r.negated();
            c.recentMask = r.mask() == null ? null : IpAddress.tryParse(r.mask()).orElse(null);
            c.uncertainOptions = r.rttl() || (r.mask() != null && c.recentMask == null);
            return c;
        }
        if (m instanceof SetMatch s) {
            CompiledMatch c = new CompiledMatch(SET, m);
            c.set = s;
            c.negated = s.negated();
            c.uncertainOptions = !s.unmodeled().isEmpty();
            return c;
        }
        if (m instanceof PhysdevMatch p) {
            CompiledMatch c = new CompiledMatch(PHYSDEV, m);
            c.physdev = p;
            return c;
        }
        UnknownMatch u = (UnknownMatch) m;
        return new CompiledMatch(UNKNOWN, u);
    }

    /**
     * True if evaluating this match can neither branch, nor change state, nor consume randomness: a compiled index
     * may skip such a match's rule without changing what the linear walk would do.
     */
    boolean isPure() {
        switch (kind) {
            case ADDRESS, INTERFACE, PROTOCOL, MULTIPORT, MARK, STATE, PHYSDEV:
                return true;
            case PORT, CONNTRACK:
                return !uncertainOptions;
            case ADDRTYPE:
                return !uncertainTypes;
            default:
                return false;
        }
    }

    private static void setNet(CompiledMatch c, Cidr cidr) {
        int len = cidr.prefixLength();
        IpAddress a = cidr.address();
        if (a.isV4()) {
            c.maskHi = 0;
            c.maskLo = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        } else {
            c.maskHi = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
            c.maskLo = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        }
        c.v4 = a.isV4();
        c.netHi = a.hi();
        c.netLo = a.lo();
    }

    /** The IANA number of a protocol as iptables accepts it (name or number); -1 if unknown. */
    static int protocolNumber(String p) {
        if (p == null) {
            return 0;
        }
        String s = p.toLowerCase(Locale.ROOT);
        Integer n = PROTOCOL_NUMBERS.get(s);
        if (n != null) {
            return n;
        }
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() <= 3) {
            return Integer.parseInt(s);
        }
        return -1;
    }

    static int bits(Set<CtState> states) {
        int b = 0;
        for (CtState s : states) {
            b |= switch (s) {
                case INVALID -> CT_INVALID;
                case NEW -> CT_NEW;
                case ESTABLISHED -> CT_ESTABLISHED;
                case RELATED -> CT_RELATED;
                case UNTRACKED -> CT_UNTRACKED;
                case SNAT -> CT_SNAT;
                case DNAT -> CT_DNAT;
            };
        }
        return b;
    }

    private static Set<String> types(String t) {
        if (t == null) {
            return null;
        }
        return Set.copyOf(java.util.Arrays.asList(t.toUpperCase(Locale.ROOT).split(",")));
    }

    private static boolean modeled(Set<String> types) {
        return types == null || Set.of("LOCAL", "UNICAST", "MULTICAST", "BROADCAST").containsAll(types);
    }
}
