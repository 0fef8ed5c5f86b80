package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.NatRange;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import dev.kpsim.core.netfilter.target.SnatTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Step;

/**
 * The NAT targets of a connection's first packet, as {@code nf_nat_setup_info} applies them
 * ({@code net/netfilter/nf_nat_core.c}, {@code xt_nat.c}, {@code xt_MASQUERADE.c}, {@code xt_REDIRECT.c}): DNAT and
 * REDIRECT set the destination at PREROUTING/OUTPUT, SNAT and MASQUERADE the source at POSTROUTING (SNAT also at
 * INPUT). MASQUERADE takes the outgoing interface's primary address (the bridge's toward local pods, the node's
 * toward the uplink); REDIRECT the incoming interface's (127.0.0.1 / ::1 for locally generated packets). Ports are kept
 * when inside the given range. Each ends the nat table at this hook with ACCEPT.
 */
final class NatTargets {
    private NatTargets() {
    }

    /** Applies a NAT target and returns the table verdict (always ACCEPT). */
    static int apply(PacketWalk w, CompiledRule r, Target target) {
        boolean dstHook = w.hook == Hook.PREROUTING || w.hook == Hook.OUTPUT;
        if (target instanceof DnatTarget d) {
            if (!dstHook) {
                return misplaced(w, r, "DNAT");
            }
            w.ruleStep(r, "DNAT");
            NatRange to = d.to();
            IpAddress ip = pickAddress(w, to, w.dst, "DNAT");
            w.setDst(ip, pickPort(w, w.dport, to.fromPort(), to.toPort(), "DNAT"), "DNAT");
            w.dstManipDone = true;
            return PacketWalk.ACCEPT;
        }
        if (target instanceof RedirectTarget rd) {
            if (!dstHook) {
                return misplaced(w, r, "REDIRECT");
            }
            w.ruleStep(r, "REDIRECT");
            IpAddress ip = w.hook == Hook.OUTPUT ? Interfaces.loopback(w.family) : w.net.primaryAddress(w.in, w.family);
            if (ip == null) {
                ip = w.dst;
                unknownAddress(w, "REDIRECT", "the incoming interface " + w.in + " has no address kpsim knows");
            }
            int[] ports = parsePorts(rd.toPorts());
            w.setDst(ip, ports == null ? w.dport : pickPort(w, w.dport, ports[0], ports[1], "REDIRECT"), "REDIRECT");
            w.dstManipDone = true;
            return PacketWalk.ACCEPT;
        }
        if (target instanceof SnatTarget s) {
            if (dstHook) {
                return misplaced(w, r, "SNAT");
            }
            w.ruleStep(r, "SNAT");
            NatRange to = s.to();
            IpAddress ip = pickAddress(w, to, w.src, "SNAT");
            w.setSrc(ip, pickPort(w, w.sport, to.fromPort(), to.toPort(), "SNAT"), "SNAT");
            w.snatTarget = true;
            w.srcManipDone = true;
            return PacketWalk.ACCEPT;
        }
        if (target instanceof MasqueradeTarget m) {
            if (w.hook != Hook.POSTROUTING) {
                return misplaced(w, r, "MASQUERADE");
            }
            w.ruleStep(r, "MASQUERADE");
            IpAddress ip = w.net.primaryAddress(w.out, w.family);
            if (ip == null) {
                ip = w.src;
                unknownAddress(w, "MASQUERADE", "the outgoing interface " + w.out + " has no address kpsim knows");
            }
            int[] ports = parsePorts(m.toPorts());
            w.setSrc(ip, ports == null ? w.sport : pickPort(w, w.sport, ports[0], ports[1], "MASQUERADE"), "MASQUERADE");
            w.snatTarget = true;
            w.srcManipDone = true;
            return PacketWalk.ACCEPT;
        }
        throw new IllegalStateException("unhandled target " + target);
    }

    static int misplaced(PacketWalk w, CompiledRule r, String name) {
        w.uncertain = true;
        w.ruleStep(r, name + " (not valid at " + w.hook + ")");
        if (w.steps != null) {
            w.steps.add(new Step.UncertainStep("-j " + name, "the kernel refuses " + name + " at " + w.hook
                    + "; treated as ACCEPT without translation"));
        }
        return PacketWalk.ACCEPT;
    }

    static void unknownAddress(PacketWalk w, String what, String why) {
        w.uncertain = true;
        if (w.steps != null) {
            w.steps.add(new Step.UncertainStep(what, why + "; the address is left unchanged"));
        }
    }

    static IpAddress pickAddress(PacketWalk w, NatRange to, IpAddress current, String what) {
        if (to.fromIp() == null) {
            return current;
        }
        if (to.toIp() != null && !to.fromIp().equals(to.toIp())) {
            w.uncertain = true;
            if (w.steps != null) {
                w.steps.add(new Step.UncertainStep(what + " " + to.text(), "the kernel picks an address of the range by hash; "
                        + "kpsim takes the first"));
            }
        }
        return to.fromIp();
    }

    /** {@code nf_nat_l4proto_unique_tuple}: keep the port if it is in range, else the range's first port. */
    static int pickPort(PacketWalk w, int current, int from, int to, String what) {
        if (from == 0 || !w.proto.hasPorts()) {
            return current;
        }
        if (current >= from && current <= Math.max(from, to)) {
            return current;
        }
        if (to > from) {
            w.uncertain = true;
            if (w.steps != null) {
                w.steps.add(new Step.UncertainStep(what + " ports " + from + "-" + to, "the kernel picks a port of the range; "
                        + "kpsim takes the first"));
            }
        }
        return from;
    }

    /** {@code P} or {@code P-Q} of {@code --to-ports}; null when absent. */
    private static int[] parsePorts(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            int p = Integer.parseInt(text.trim());
            return new int[]{p, p};
        }
        return new int[]{Integer.parseInt(text.substring(0, dash).trim()), Integer.parseInt(text.substring(dash + 1).trim())};
    }
}
