package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.netfilter.Rule;
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
import dev.kpsim.core.netfilter.target.ConnmarkTarget;
import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.SnatTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.StringJoiner;

/**
 * A rule as one line of {@code iptables-save} ({@code -A CHAIN …}) for traces. A rule read from a dump or a restore
 * payload prints exactly as written; a rule built in code prints in {@code iptables-save}'s canonical order (the
 * header part {@code -s -d -i -o -p}, then each {@code -m} module, then {@code -j}), with the kernel's stored forms:
 * {@code /32} prefixes, quoted comments, {@code --set-xmark V/M} marks, {@code %.11f} probabilities
 * (iptables {@code extensions/libxt_*.c} print functions).
 */
public final class RuleText {
    private RuleText() {
    }

    /** {@code -A CHAIN ARGS}. */
    public static String format(String chain, Rule rule) {
        String args = rule.writtenText() != null ? rule.writtenText() : arguments(rule);
        return args.isEmpty() ? "-A " + chain : "-A " + chain + " " + args;
    }

    /** The arguments after {@code -A CHAIN}, in canonical order. */
    public static String arguments(Rule rule) {
        List<String> out = new ArrayList<>();
        for (Match m : rule.matches()) {
            if (m instanceof AddressMatch a && a.side() == Side.SOURCE) {
                out.add(neg(a.negated()) + "-s " + a.cidr());
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof AddressMatch a && a.side() == Side.DESTINATION) {
                out.add(neg(a.negated()) + "-d " + a.cidr());
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof InterfaceMatch i && i.input()) {
                out.add(neg(i.negated()) + "-i " + i.name());
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof InterfaceMatch i && !i.input()) {
                out.add(neg(i.negated()) + "-o " + i.name());
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof ProtocolMatch p) {
                out.add(neg(p.negated()) + "-p " + p.protocol());
            }
        }
        for (Match m : rule.matches()) {
            String s = module(m);
            if (s != null) {
                out.add(s);
            }
        }
        String t = target(rule.target());
        if (!t.isEmpty()) {
            out.add(t);
        }
        return String.join(" ", out);
    }

    private static String neg(boolean n) {
        return n ? "! " : "";
    }

    /** A quoted string as iptables-save prints it (double quotes, with {@code \} and {@code "} escaped). */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String range(PortRange r) {
        return neg(r.negated()) + r.text();
    }

    private static String module(Match m) {
        if (m instanceof AddressMatch || m instanceof InterfaceMatch || m instanceof ProtocolMatch) {
            return null;
        }
        if (m instanceof CommentMatch c) {
            return "-m comment --comment " + quote(c.text());
        }
        if (m instanceof PortMatch p) {
            StringBuilder sb = new StringBuilder("-m ").append(p.module());
            if (p.sourcePort() != null) {
                sb.append(' ').append(neg(p.sourcePort().negated())).append("--sport ").append(p.sourcePort().text());
            }
            if (p.destinationPort() != null) {
                sb.append(' ').append(neg(p.destinationPort().negated())).append("--dport ").append(p.destinationPort().text());
            }
            p.unmodeled().forEach(u -> sb.append(' ').append(u));
            return sb.toString();
        }
        if (m instanceof MultiportMatch mp) {
            StringJoiner j = new StringJoiner(",");
            mp.ports().forEach(r -> j.add(r.text()));
            String opt = mp.side() == null ? "--ports" : mp.side() == Side.SOURCE ? "--sports" : "--dports";
            return "-m multiport " + neg(mp.negated()) + opt + " " + j;
        }
        if (m instanceof RandomMatch r) {
            return "-m statistic --mode random" + (r.negated() ? " !" : "") + " --probability " + r.savedText();
        }
        if (m instanceof NthMatch n) {
            return "-m statistic --mode nth" + (n.negated() ? " !" : "") + " --every " + n.every()
                    + (n.packet() != 0 ? " --packet " + n.packet() : "");
        }
        if (m instanceof MarkMatch mk) {
            String v = "0x" + Long.toHexString(mk.value());
            if (mk.mask() != MarkMatch.FULL_MASK) {
                v += "/0x" + Long.toHexString(mk.mask());
            }
            return "-m mark " + neg(mk.negated()) + "--mark " + v;
        }
        if (m instanceof ConntrackMatch ct) {
            StringBuilder sb = new StringBuilder("-m conntrack");
            if (ct.states() != null) {
                sb.append(' ').append(neg(ct.statesNegated())).append("--ctstate ").append(states(ct.states()));
            }
            if (ct.origDst() != null) {
                sb.append(' ').append(neg(ct.origDstNegated())).append("--ctorigdst ").append(ct.origDst());
            }
            if (ct.origDstPort() != null) {
                sb.append(' ').append(neg(ct.origDstPort().negated())).append("--ctorigdstport ").append(ct.origDstPort().text());
            }
            ct.unmodeled().forEach(u -> sb.append(' ').append(u));
            return sb.toString();
        }
        if (m instanceof StateMatch s) {
            return "-m state " + neg(s.negated()) + "--state " + states(s.states());
        }
        if (m instanceof AddrtypeMatch a) {
            StringBuilder sb = new StringBuilder("-m addrtype");
            if (a.srcType() != null) {
                sb.append(' ').append(neg(a.srcNegated())).append("--src-type ").append(a.srcType());
            }
            if (a.dstType() != null) {
                sb.append(' ').append(neg(a.dstNegated())).append("--dst-type ").append(a.dstType());
            }
            if (a.limitIfaceIn()) {
                sb.append(" --limit-iface-in");
            }
            if (a.limitIfaceOut()) {
                sb.append(" --limit-iface-out");
            }
            return sb.toString();
        }
        if (m instanceof RecentMatch r) {
            StringBuilder sb = new StringBuilder("-m recent ").append(neg(r.negated()));
            sb.append(switch (r.mode()) {
                case SET -> "--set";
                case RCHECK -> "--rcheck";
                case UPDATE -> "--update";
                case REMOVE -> "--remove";
            });
            if (r.seconds() != null) {
                sb.append(" --seconds ").append(r.seconds());
            }
            if (r.reap()) {
                sb.append(" --reap");
            }
            if (r.hitcount() != null) {
                sb.append(" --hitcount ").append(r.hitcount());
            }
            if (r.rttl()) {
                sb.append(" --rttl");
            }
            sb.append(" --name ").append(r.name() == null ? RecentMatch.DEFAULT_NAME : r.name());
            sb.append(" --mask ").append(r.mask() == null ? "255.255.255.255" : r.mask());
            sb.append(r.source() ? " --rsource" : " --rdest");
            return sb.toString();
        }
        if (m instanceof SetMatch s) {
            StringJoiner j = new StringJoiner(",");
            s.directions().forEach(d -> j.add(d == Side.SOURCE ? "src" : "dst"));
            StringBuilder sb = new StringBuilder("-m set ").append(neg(s.negated())).append("--match-set ")
                    .append(s.setName()).append(' ').append(j);
            s.unmodeled().forEach(u -> sb.append(' ').append(u));
            return sb.toString();
        }
        if (m instanceof PhysdevMatch p) {
            StringBuilder sb = new StringBuilder("-m physdev");
            if (p.isIn() != null) {
                sb.append(' ').append(neg(!p.isIn())).append("--physdev-is-in");
            }
            if (p.physdevIn() != null) {
                sb.append(' ').append(neg(p.physdevInNegated())).append("--physdev-in ").append(p.physdevIn());
            }
            if (p.isOut() != null) {
                sb.append(' ').append(neg(!p.isOut())).append("--physdev-is-out");
            }
            if (p.physdevOut() != null) {
                sb.append(' ').append(neg(p.physdevOutNegated())).append("--physdev-out ").append(p.physdevOut());
            }
            if (p.isBridged() != null) {
                sb.append(' ').append(neg(!p.isBridged())).append("--physdev-is-bridged");
            }
            return sb.toString();
        }
        if (m instanceof NfacctMatch n) {
            return "-m nfacct --nfacct-name " + n.name();
        }
        UnknownMatch u = (UnknownMatch) m;
        return u.args().isEmpty() ? "-m " + u.module() : "-m " + u.module() + " " + String.join(" ", u.args());
    }

    private static String states(java.util.Set<CtState> states) {
        StringJoiner j = new StringJoiner(",");
        for (CtState s : EnumSet.copyOf(states.isEmpty() ? EnumSet.noneOf(CtState.class) : states)) {
            j.add(s.name());
        }
        return j.toString();
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v & 0xFFFFFFFFL);
    }

    /** The {@code -j}/{@code -g} part; empty for a rule without target. */
    public static String target(Target t) {
        if (t instanceof StandardTarget s) {
            return "-j " + s.kind().name();
        }
        if (t instanceof JumpTarget j) {
            return (j.isGoto() ? "-g " : "-j ") + j.chain();
        }
        if (t instanceof RejectTarget r) {
            return "-j REJECT --reject-with " + (r.rejectWith() == null ? "icmp-port-unreachable" : r.rejectWith());
        }
        if (t instanceof DnatTarget d) {
            return "-j DNAT --to-destination " + d.to().text() + (d.random() ? " --random" : "") + (d.persistent() ? " --persistent" : "");
        }
        if (t instanceof SnatTarget s) {
            return "-j SNAT --to-source " + s.to().text() + (s.random() ? " --random" : "")
                    + (s.randomFully() ? " --random-fully" : "") + (s.persistent() ? " --persistent" : "");
        }
        if (t instanceof MasqueradeTarget m) {
            return "-j MASQUERADE" + (m.toPorts() != null ? " --to-ports " + m.toPorts() : "") + (m.random() ? " --random" : "")
                    + (m.randomFully() ? " --random-fully" : "");
        }
        if (t instanceof RedirectTarget r) {
            return "-j REDIRECT" + (r.toPorts() != null ? " --to-ports " + r.toPorts() : "") + (r.random() ? " --random" : "");
        }
        if (t instanceof MarkTarget m) {
            return "-j MARK --set-xmark " + hex(m.xmarkValue()) + "/" + hex(m.xmarkMask());
        }
        if (t instanceof ConnmarkTarget c) {
            return switch (c.op()) {
                case SET_XMARK -> "-j CONNMARK --set-xmark " + hex(c.value()) + "/" + hex(c.mask());
                case SAVE_MARK -> "-j CONNMARK --save-mark --nfmask " + hex(Connmark.mask(c)) + " --ctmask " + hex(Connmark.mask(c));
                case RESTORE_MARK -> "-j CONNMARK --restore-mark --nfmask " + hex(Connmark.mask(c)) + " --ctmask " + hex(Connmark.mask(c));
                case OTHER -> "-j CONNMARK" + (c.args().isEmpty() ? "" : " " + String.join(" ", c.args()));
            };
        }
        if (t instanceof ContinueTarget c) {
            return "-j " + c.name() + (c.args().isEmpty() ? "" : " " + String.join(" ", c.args()));
        }
        if (t instanceof NoTarget) {
            return "";
        }
        UnknownTarget u = (UnknownTarget) t;
        return "-j " + u.name() + (u.args().isEmpty() ? "" : " " + String.join(" ", u.args()));
    }
}
