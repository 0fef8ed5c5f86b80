package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.conntrack.NthCounters;
import dev.kpsim.core.conntrack.RecentEntry;
import dev.kpsim.core.conntrack.RecentTable;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.match.PhysdevMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.RecentMatch;
import dev.kpsim.core.trace.Step;

/**
 * Evaluates a rule's matches against a {@link PacketWalk}'s current headers and state, each as its kernel module
 * does: the IP header part ({@code ip_packet_match}), {@code xt_tcpudp}, {@code xt_multiport}, {@code xt_statistic},
 * {@code xt_mark}, {@code xt_conntrack}/{@code xt_state}, {@code xt_addrtype}, {@code xt_recent}, {@code xt_set},
 * {@code xt_physdev}. Matches are evaluated in order and stop at the first that fails, so a statistic draw or a
 * {@code recent} update happens only when the rule got that far. Unmodeled constructs ask the walk's decider and
 * mark it uncertain. Allocation-free for the common matches.
 */
final class MatchEvaluator {
    private MatchEvaluator() {
    }

    static boolean matches(PacketWalk w, CompiledRule r) {
        CompiledMatch[] ms = r.matches;
        for (int i = 0; i < ms.length; i++) {
            if (!eval(w, ms[i], r)) {
                return false;
            }
        }
        return true;
    }

    static boolean eval(PacketWalk w, CompiledMatch m, CompiledRule r) {
        switch (m.kind) {
            case CompiledMatch.ADDRESS: {
                IpAddress ip = m.sourceSide ? w.src : w.dst;
                boolean hit = ip.isV4() == m.v4 && (ip.hi() & m.maskHi) == m.netHi && (ip.lo() & m.maskLo) == m.netLo;
                return hit != m.negated;
            }
            case CompiledMatch.INTERFACE: {
                String name = m.input ? w.in : w.out;
                if (name == null) {
                    name = "";
                }
                boolean hit = m.ifaceWildcard ? name.startsWith(m.ifacePrefix) : name.equals(m.ifacePrefix);
                return hit != m.negated;
            }
            case CompiledMatch.PROTOCOL:
                return (m.protocol == 0 || m.protocol == w.protoNumber) != m.negated;
            case CompiledMatch.PORT:
                if (m.protocol != w.protoNumber || !w.proto.hasPorts()) {
                    return false;
                }
                if (m.sport != null && !m.sport.test(w.sport)) {
                    return false;
                }
                if (m.dport != null && !m.dport.test(w.dport)) {
                    return false;
                }
                return !m.uncertainOptions || unknown(w, m);
            case CompiledMatch.MULTIPORT:
                return multiport(w, m);
            case CompiledMatch.RANDOM:
                return random(w, m, r);
            case CompiledMatch.NTH: {
                NthCounters c = w.kernel.nth();
                int next = NthCounters.next(c.get(m.counterKey, m.every, m.packet), m.every);
                c.put(m.counterKey, next);
                return (next == 0) != m.negated;
            }
            case CompiledMatch.MARK:
                return (((w.mark & 0xFFFFFFFFL) & m.markMask) == m.markValue) != m.negated;
            case CompiledMatch.CONNTRACK:
                return conntrackMatch(w, m);
            case CompiledMatch.STATE: {
                int bits = w.ctAttached ? w.ctStateBit : CompiledMatch.CT_INVALID;
                return ((m.stateBits & bits) != 0) != m.negated;
            }
            case CompiledMatch.ADDRTYPE:
                return addrtype(w, m);
            case CompiledMatch.RECENT:
                return recent(w, m);
            case CompiledMatch.SET:
                return set(w, m);
            case CompiledMatch.PHYSDEV:
                return physdev(w, m.physdev);
            default:
                return unknown(w, m);
        }
    }

    static boolean unknown(PacketWalk w, CompiledMatch m) {
        w.uncertain = true;
        boolean v = w.decider.unknown();
        if (w.steps != null) {
            w.steps.add(new Step.UncertainStep(RuleText.match(m.source, w.family),
                    "not modeled; assumed " + (v ? "to match" : "not to match")));
        }
        return v;
    }

    static boolean multiport(PacketWalk w, CompiledMatch m) {
        if (!w.proto.hasPorts()) {
            return false;
        }
        boolean hit = false;
        for (int k = 0; k < m.portFrom.length && !hit; k++) {
            int lo = m.portFrom[k];
            int hi = m.portTo[k];
            if (m.portSide != 1 && w.sport >= lo && w.sport <= hi) {
                hit = true;
            }
            if (m.portSide != 0 && w.dport >= lo && w.dport <= hi) {
                hit = true;
            }
        }
        return hit != m.negated;
    }

    static boolean random(PacketWalk w, CompiledMatch m, CompiledRule r) {
        boolean hit = w.decider.random(m.kernelValue) != m.negated;
        if (w.steps != null) {
            double p = m.kernelValue >= RandomMatch.SCALE ? 1.0 : (double) m.kernelValue / RandomMatch.SCALE;
            double pMatch = m.negated ? 1.0 - p : p;
            w.steps.add(new Step.BranchStep(r.table, r.chain, r.number, hit ? pMatch : 1.0 - pMatch, hit));
        }
        return hit;
    }

    static boolean conntrackMatch(PacketWalk w, CompiledMatch m) {
        if (m.hasStates && (((m.stateBits & w.ctBits()) != 0) == m.negated)) {
            return false;
        }
        if (!w.ctAttached) {
            return m.hasStates;
        }
        if (m.origDst != null && m.origDst.contains(w.original.destination()) == m.origDstNegated) {
            return false;
        }
        if (m.origDstPort != null && !m.origDstPort.test(w.original.destinationPort())) {
            return false;
        }
        return !m.uncertainOptions || unknown(w, m);
    }

    static boolean addrtype(PacketWalk w, CompiledMatch m) {
        if (m.uncertainTypes) {
            return unknown(w, m);
        }
        String limit = m.limitIn ? (w.in == null ? "" : w.in) : m.limitOut ? (w.out == null ? "" : w.out) : null;
        if (m.srcTypes != null && m.srcTypes.contains(addressType(w, w.src, limit)) == m.srcTypeNegated) {
            return false;
        }
        return m.dstTypes == null || m.dstTypes.contains(addressType(w, w.dst, limit)) != m.dstTypeNegated;
    }

    /** The kernel's {@code inet_addr_type} as far as kpsim knows the node's addresses. */
    static String addressType(PacketWalk w, IpAddress ip, String limitDevice) {
        if (w.net.isNodeAddress(ip)) {
            if (limitDevice == null) {
                return "LOCAL";
            }
            boolean onDevice;
            if (ip.isLoopback()) {
                onDevice = limitDevice.equals(Interfaces.LOOPBACK);
            } else if (w.net.isNodeAddressProper(ip)) {
                onDevice = limitDevice.equals(w.net.env.uplink());
            } else if (w.net.extraDevice(ip) != null) {
                onDevice = limitDevice.equals(w.net.extraDevice(ip));
            } else {
                onDevice = limitDevice.equals(w.net.env.bridge());
            }
            if (onDevice) {
                return "LOCAL";
            }
        }
        if (ip.isV4()) {
            long v = ip.lo();
            if ((v >>> 28) == 0xE) {
                return "MULTICAST";
            }
            if (v == 0xFFFFFFFFL || v == 0) {
                return "BROADCAST";
            }
            if (w.net.isPodSubnetBroadcast(ip)) {
                return "BROADCAST";
            }
        } else if ((ip.hi() >>> 56) == 0xFF) {
            return "MULTICAST";
        }
        return "UNICAST";
    }

    static boolean recent(PacketWalk w, CompiledMatch m) {
        if (m.uncertainOptions) {
            return unknown(w, m);
        }
        RecentMatch rm = m.recent;
        IpAddress addr = rm.source() ? w.src : w.dst;
        if (m.recentMask != null && m.recentMask.family() == addr.family()) {
            addr = new IpAddress(addr.family(), addr.hi() & m.recentMask.hi(), addr.lo() & m.recentMask.lo());
        }
        String name = rm.name() == null ? RecentMatch.DEFAULT_NAME : rm.name();
        boolean ret = rm.negated();
        RecentTable t = w.kernel.read(name);
        RecentEntry e = t == null ? null : t.lookup(addr);
        if (e == null) {
            if (rm.mode() != RecentMatch.Mode.SET) {
                return ret;
            }
            w.kernel.write(name).init(addr, w.now);
            return !ret;
        }
        switch (rm.mode()) {
            case SET: {
                RecentTable list = w.kernel.write(name);
                list.update(list.lookup(addr), w.now);
                return !ret;
            }
            case REMOVE: {
                RecentTable list = w.kernel.write(name);
                list.remove(list.lookup(addr));
                return !ret;
            }
            default: {
                int seconds = rm.seconds() == null ? 0 : rm.seconds();
                int hitcount = rm.hitcount() == null ? 0 : rm.hitcount();
                long time = w.now - seconds * 1000L;
                int hits = 0;
                for (int i = 0; i < e.stampCount(); i++) {
                    if (seconds != 0 && time > e.stamp(i)) {
                        continue;
                    }
                    if (hitcount == 0 || ++hits >= hitcount) {
                        ret = !ret;
                        break;
                    }
                }
                boolean update = rm.mode() == RecentMatch.Mode.UPDATE && ret;
                if (rm.reap() && t.reapWouldRemove(time, e, update)) {
                    w.kernel.write(name).removeOldest();
                }
                if (update) {
                    RecentTable list = w.kernel.write(name);
                    RecentEntry we = list.lookup(addr);
                    if (we != null) {
                        list.update(we, w.now);
                    }
                }
                return ret;
            }
        }
    }

    static boolean set(PacketWalk w, CompiledMatch m) {
        IpsetMembership r = w.ipsets.test(m.set.setName(), m.set.directions(), w.current());
        if (r == IpsetMembership.UNKNOWN_SET || m.uncertainOptions) {
            return unknown(w, m);
        }
        return (r == IpsetMembership.MEMBER) != m.negated;
    }

    /** {@code physdev_mt} of {@code net/netfilter/xt_physdev.c}. */
    static boolean physdev(PacketWalk w, PhysdevMatch p) {
        String physIn = w.physInPod == null ? null : w.net.vethOf(w.physInPod);
        String physOut = w.physOutPod == null ? null : w.net.vethOf(w.physOutPod);
        if (!w.bridgeInfo) {
            if ((p.isBridged() != null && p.isBridged()) || (p.isIn() != null && p.isIn())
                    || (p.isOut() != null && p.isOut())) {
                return false;
            }
            return !(p.physdevIn() != null && !p.physdevInNegated()) && !(p.physdevOut() != null && !p.physdevOutNegated());
        }
        if (p.isBridged() != null && (physOut != null) != p.isBridged()) {
            return false;
        }
        if (p.isIn() != null && (physIn != null) != p.isIn()) {
            return false;
        }
        if (p.isOut() != null && (physOut != null) != p.isOut()) {
            return false;
        }
        if (p.physdevIn() != null && physIn != null && nameMatches(physIn, p.physdevIn()) == p.physdevInNegated()) {
            return false;
        }
        if (p.physdevOut() != null) {
            if (physOut == null) {
                return false;
            }
            return nameMatches(physOut, p.physdevOut()) != p.physdevOutNegated();
        }
        return true;
    }

    private static boolean nameMatches(String iface, String pattern) {
        return pattern.endsWith("+") ? iface.startsWith(pattern.substring(0, pattern.length() - 1)) : iface.equals(pattern);
    }
}
