package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.conntrack.ConntrackEntry;
import dev.kpsim.core.conntrack.ConntrackTable;
import dev.kpsim.core.conntrack.ConntrackTimeouts;
import dev.kpsim.core.conntrack.ConntrackTuple;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.target.ConnmarkTarget;
import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One packet's journey through one node's netfilter, in the kernel's order. From outside (a pod, another node):
 * PREROUTING (raw, conntrack, mangle, nat) → routing → INPUT (mangle, filter, security, nat) or FORWARD (mangle,
 * filter, security) → POSTROUTING (mangle, nat). From a local process: routing → OUTPUT (raw, conntrack, mangle,
 * nat, filter, security, re-routing after mangle and nat) → POSTROUTING; a packet for a local address then loops back
 * through {@code lo} (PREROUTING raw, mangle; INPUT) with its connection already attached. Hook priorities follow
 * {@code include/uapi/linux/netfilter_ipv4.h} (raw -300, conntrack -200, mangle -150, nat DST -100, filter 0,
 * security 50, nat SRC 100).
 *
 * <p>Chains are walked as {@code ipt_do_table} does: first matching rule decides; a jump pushes the return point,
 * a goto does not (so the goto'ed chain returns to the caller's caller); RETURN or the end of a user chain pops;
 * RETURN in or the end of a base chain applies its policy; ACCEPT and the NAT targets end the table at this hook;
 * DROP and REJECT end the packet; MARK, CONNMARK, LOG/NFLOG/TRACE and target-less rules continue. The nat table is
 * consulted only for a connection's first packet; later packets (and replies) get the translation stored in
 * conntrack, as {@code nf_nat_inet_fn} does.
 *
 * <p>A {@link PacketInterceptor} is consulted at the points it asks for: {@code LOCAL_IN} between security and nat
 * INPUT, {@code LOCAL_OUT} between nat and filter OUTPUT, {@code FORWARD} after security FORWARD, {@code SOCKET} after
 * nat INPUT. A {@link Interception.Reinject} sends the packet out again from OUTPUT (all its tables, nat's
 * destination stage already done) and POSTROUTING; a {@link Interception.Handoff} starts the socket owner's new
 * connection at OUTPUT as a second leg of the same outcome, after the first leg's conntrack entry is confirmed.
 *
 * <p>Matches are evaluated by {@link MatchEvaluator}, NAT targets applied by {@link NatTargets}. One instance per
 * packet path; not thread-safe; allocation-light (no streams or boxing per rule).
 */
final class PacketWalk {
    static final int ACCEPT = 0;
    private static final int DROP = 1;
    private static final int REJECT = 2;
    /** Hand-offs one outcome may chain (a proxy connecting to another proxy...) before kpsim stops following. */
    static final int MAX_LEGS = 8;

    /**
     * The interceptor of a walk and what it needs: the points it asked for (one bit per {@link PacketInterceptor.Point}
     * ordinal), the run's state and the node's name.
     */
    record Hooks(PacketInterceptor interceptor, int points, SimulationState state, String nodeName) {
        boolean wants(PacketInterceptor.Point p) {
            return (points & (1 << p.ordinal())) != 0;
        }
    }

    private final CompiledRuleset rs;
    final Interfaces net;
    final IpsetLookup ipsets;
    private final ConntrackTimeouts timeouts;
    final Decider decider;
    final KernelAccess kernel;
    private final ConntrackTable conntrack;
    final long now;
    private final boolean commit;
    final List<Step> steps;
    private final Packet initial;
    private final Hooks hooks;
    private final int leg;

    // Current headers.
    final Protocol proto;
    final int protoNumber;
    final IpFamily family;
    IpAddress src;
    int sport;
    IpAddress dst;
    int dport;
    int mark;
    String in;
    String out;
    IpAddress physInPod;
    IpAddress physOutPod;
    boolean bridgeInfo;

    // Connection tracking.
    boolean ctAttached;
    int ctStateBit;
    private ConntrackEntry entry;
    private boolean replyDir;
    ConntrackTuple original;
    boolean dstManipDone;
    boolean srcManipDone;
    private boolean dnatChanged;
    private boolean snatChanged;
    boolean snatTarget;
    private int ctMark;
    private boolean confirmed;

    // Result.
    private Verdict verdict;
    boolean uncertain;
    private boolean dstTranslated;
    Hook hook;

    // Interception.
    private boolean owned;
    private boolean dstRewritten;
    private IpAddress natDst;
    private int natDport;
    private Interception.Handoff handoff;

    // Chain-walk levels (the kernel's jump stack plus index cursors).
    private CompiledChain[] lvChain;
    private int[] lvPos;
    private int[][] lvA;
    private int[][] lvB;
    private int[] lvCa;
    private int[] lvCb;
    private int[] lvCf;

    PacketWalk(CompiledRuleset rs, Interfaces net, IpsetLookup ipsets, ConntrackTimeouts timeouts, Decider decider,
               KernelAccess kernel, ConntrackTable conntrack, long nowMillis, boolean recordHops, boolean commit,
               Packet packet, Hooks hooks) {
        this(rs, net, ipsets, timeouts, decider, kernel, conntrack, nowMillis, recordHops, commit, packet, hooks, 0);
    }

    private PacketWalk(CompiledRuleset rs, Interfaces net, IpsetLookup ipsets, ConntrackTimeouts timeouts, Decider decider,
                       KernelAccess kernel, ConntrackTable conntrack, long nowMillis, boolean recordHops, boolean commit,
                       Packet packet, Hooks hooks, int leg) {
        this.hooks = hooks;
        this.leg = leg;
        this.rs = rs;
        this.net = net;
        this.ipsets = ipsets;
        this.timeouts = timeouts;
        this.decider = decider;
        this.kernel = kernel;
        this.conntrack = conntrack;
        this.now = nowMillis;
        this.commit = commit;
        this.steps = recordHops ? new ArrayList<>() : null;
        this.initial = packet;
        this.proto = packet.protocol();
        this.family = packet.source().family();
        this.protoNumber = proto == Protocol.ICMP && family == IpFamily.IPV6 ? 58 : proto.number();
        this.src = packet.source();
        this.sport = packet.sourcePort();
        this.dst = packet.destination();
        this.dport = packet.destinationPort();
        this.mark = packet.mark();
        int depth = Math.min(8, rs.maxChainDepth()) + 1;
        lvChain = new CompiledChain[depth];
        lvPos = new int[depth];
        lvA = new int[depth][];
        lvB = new int[depth][];
        lvCa = new int[depth];
        lvCb = new int[depth];
        lvCf = new int[depth];
    }

    /** Runs the packet from its entry hook to its end, then (for a seeded trace) records it in conntrack. */
    Outcome run(EntryPoint entry) {
        if (entry == EntryPoint.PREROUTING) {
            fromOutside();
        } else {
            fromLocalProcess();
        }
        if (verdict == null) {
            verdict = Verdict.ACCEPT;
        }
        if (commit) {
            commitConntrack();
        }
        if (handoff != null) {
            return handedOff();
        }
        HostPort destination = verdict == Verdict.ACCEPT || dstTranslated ? new HostPort(dst, dport) : null;
        boolean masq = snatTarget;
        return new Outcome(decider.probability(), verdict, destination, masq, masq ? src : null, uncertain,
                steps == null ? List.of() : steps);
    }

    // ------------------------------------------------------------------ packet paths

    private void fromOutside() {
        in = initial.inInterface() != null ? initial.inInterface() : net.ingressFor(src);
        out = null;
        if (in.equals(net.env.bridge()) && net.isLocalPod(src) && !net.isNodeAddress(src)) {
            physInPod = src;
            bridgeInfo = true;
        }
        if (!prerouting(true)) {
            return;
        }
        if (net.isNodeAddress(dst)) {
            routing("local delivery", dst);
            input();
            return;
        }
        out = initial.outInterface() != null ? initial.outInterface() : net.egressFor(dst);
        physOutPod = bridgeInfo && out.equals(net.env.bridge()) ? dst : null;
        routing(steps == null ? null : "forward via " + out, dst);
        hook(Hook.FORWARD);
        if (!table(CompiledRuleset.MANGLE) || !table(CompiledRuleset.FILTER) || !table(CompiledRuleset.SECURITY)) {
            return;
        }
        if (!intercept(PacketInterceptor.Point.FORWARD)) {
            return;
        }
        postrouting();
    }

    private void fromLocalProcess() {
        in = null;
        out = initial.outInterface() != null ? initial.outInterface() : net.egressFor(dst);
        routing(steps == null ? null : "output via " + out, dst);
        localOut();
    }

    /** The OUTPUT hook and what follows, for a locally generated packet or one an interceptor sends out again. */
    private void localOut() {
        hook(Hook.OUTPUT);
        if (!table(CompiledRuleset.RAW)) {
            return;
        }
        conntrackIn();
        if (!table(CompiledRuleset.MANGLE)) {
            return;
        }
        reroute();
        if (!nat()) {
            return;
        }
        reroute();
        if (!intercept(PacketInterceptor.Point.LOCAL_OUT)) {
            return;
        }
        if (!table(CompiledRuleset.FILTER) || !table(CompiledRuleset.SECURITY)) {
            return;
        }
        if (!postrouting()) {
            return;
        }
        if (Interfaces.LOOPBACK.equals(out)) {
            in = Interfaces.LOOPBACK;
            out = null;
            physInPod = null;
            physOutPod = null;
            bridgeInfo = false;
            routing("loopback", "the packet is for this node: it re-enters through lo with its connection attached");
            if (prerouting(false)) {
                input();
            }
        }
    }

    private boolean prerouting(boolean withNat) {
        hook(Hook.PREROUTING);
        if (!table(CompiledRuleset.RAW)) {
            return false;
        }
        conntrackIn();
        if (!table(CompiledRuleset.MANGLE)) {
            return false;
        }
        return !withNat || nat();
    }

    private void input() {
        out = null;
        physOutPod = null;
        hook(Hook.INPUT);
        if (!table(CompiledRuleset.MANGLE) || !table(CompiledRuleset.FILTER) || !table(CompiledRuleset.SECURITY)) {
            return;
        }
        if (!intercept(PacketInterceptor.Point.LOCAL_IN)) {
            return;
        }
        if (nat()) {
            confirmed = true;
            intercept(PacketInterceptor.Point.SOCKET);
        }
    }

    private boolean postrouting() {
        hook(Hook.POSTROUTING);
        if (!table(CompiledRuleset.MANGLE) || !nat()) {
            return false;
        }
        confirmed = true;
        return true;
    }

    private void reroute() {
        if (initial.outInterface() != null) {
            return;
        }
        String o = net.egressFor(dst);
        if (!o.equals(out)) {
            out = o;
            routing(steps == null ? null : "reroute via " + o, dst);
        }
    }

    private void hook(Hook h) {
        hook = h;
        if (steps != null) {
            steps.add(new Step.HookStep(h));
        }
    }

    private void routing(String decision, IpAddress about) {
        if (steps != null) {
            steps.add(new Step.RoutingStep(decision, net.routeReason(about)));
        }
    }

    private void routing(String decision, String reason) {
        if (steps != null) {
            steps.add(new Step.RoutingStep(decision, reason));
        }
    }

    // ------------------------------------------------------------------ interception

    /**
     * Consults the interceptor at {@code p} (unless it did not ask for that point, or, except at the socket, it
     * already handled this packet) and applies what it did. False if the packet's path ended or was taken over.
     */
    private boolean intercept(PacketInterceptor.Point p) {
        if (hooks == null || !hooks.wants(p) || (owned && p != PacketInterceptor.Point.SOCKET)) {
            return true;
        }
        Interception i = hooks.interceptor().intercept(p, new Context());
        if (i instanceof Interception.Pass) {
            return true;
        }
        record(i.steps());
        if (i instanceof Interception.Rewrite r) {
            rewrite(r.headers());
            return true;
        }
        if (i instanceof Interception.Reinject r) {
            rewrite(r.headers());
            resend();
            return false;
        }
        if (i instanceof Interception.End e) {
            verdict = e.verdict();
            return false;
        }
        Interception.Handoff h = (Interception.Handoff) i;
        if (p != PacketInterceptor.Point.SOCKET) {
            throw new IllegalStateException("a hand-off to a socket's owner is only possible at SOCKET, not " + p);
        }
        handoff = h;
        return false;
    }

    private void record(List<Step> added) {
        for (Step s : added) {
            if (s instanceof Step.UncertainStep) {
                uncertain = true;
            }
        }
        if (steps != null) {
            steps.addAll(added);
        }
    }

    /** Applies an interceptor's headers; conntrack keeps the destination nf_nat chose for its NAT status bits. */
    private void rewrite(Packet h) {
        boolean dstChange = !h.destination().equals(dst) || h.destinationPort() != dport;
        if (dstChange) {
            if (entry == null && !dstRewritten) {
                dstRewritten = true;
                natDst = dst;
                natDport = dport;
            }
            dstTranslated = true;
        }
        src = h.source();
        sport = h.sourcePort();
        dst = h.destination();
        dport = h.destinationPort();
        mark = h.mark();
        owned = true;
    }

    /** {@code NF_HOOK(NF_INET_LOCAL_OUT)} of a stolen packet: routed toward its new destination, then OUTPUT on. */
    private void resend() {
        in = null;
        physInPod = null;
        physOutPod = null;
        bridgeInfo = false;
        out = net.egressFor(dst);
        routing(steps == null ? null : "sent on from LOCAL_OUT via " + out, dst);
        localOut();
    }

    /** The second leg of a hand-off: the socket owner's new connection, from OUTPUT, joined to this outcome. */
    private Outcome handedOff() {
        Optional<Packet> next = handoff.newConnection();
        List<Step> hops = steps == null ? List.of() : steps;
        if (next.isEmpty()) {
            verdict = handoff.withoutConnection();
            return new Outcome(decider.probability(), verdict, new HostPort(dst, dport), false, null, uncertain, hops);
        }
        if (leg + 1 >= MAX_LEGS) {
            record(List.of(new Step.UncertainStep("hand-off", "more than " + MAX_LEGS
                    + " chained proxy connections; kpsim stops following at the socket")));
            return new Outcome(decider.probability(), verdict, new HostPort(dst, dport), false, null, true, hops);
        }
        PacketWalk second = new PacketWalk(rs, net, ipsets, timeouts, decider, kernel, conntrack, now, steps != null,
                commit, next.get(), hooks, leg + 1);
        Outcome o = second.run(EntryPoint.OUTPUT);
        List<Step> all = hops;
        if (steps != null) {
            all = new ArrayList<>(steps.size() + o.hops().size());
            all.addAll(steps);
            all.addAll(o.hops());
        }
        return new Outcome(o.probability(), o.verdict(), o.destination(), true, second.src, uncertain || o.uncertain(), all);
    }

    /** The interceptor's view of this walk. */
    private final class Context implements InterceptContext {
        @Override
        public Packet packet() {
            return current();
        }

        @Override
        public boolean firstPacket() {
            return entry == null && !replyDir;
        }

        @Override
        public boolean replyDirection() {
            return replyDir;
        }

        @Override
        public boolean commit() {
            return commit;
        }

        @Override
        public SimulationState state() {
            return hooks.state();
        }

        @Override
        public String nodeName() {
            return hooks.nodeName();
        }

        @Override
        public long nowMillis() {
            return now;
        }

        @Override
        public boolean isLocalAddress(IpAddress ip) {
            return net.isNodeAddress(ip);
        }

        @Override
        public IpAddress sourceAddressFor(IpAddress destination) {
            return net.sourceFor(destination);
        }
    }

    // ------------------------------------------------------------------ conntrack

    private void conntrackIn() {
        if (ctAttached) {
            return;
        }
        ctAttached = true;
        ConntrackTuple t = new ConntrackTuple(proto, src, sport, dst, dport);
        ConntrackEntry e = conntrack.find(t, now);
        if (e == null) {
            original = t;
            ctStateBit = CompiledMatch.CT_NEW;
            if (steps != null) {
                steps.add(new Step.ConntrackStep("NEW", "first packet of " + t));
            }
            return;
        }
        entry = e;
        original = e.original();
        replyDir = !e.original().equals(t);
        ctStateBit = replyDir || e.seenReply() ? CompiledMatch.CT_ESTABLISHED : CompiledMatch.CT_NEW;
        ctMark = e.mark();
        dstManipDone = true;
        srcManipDone = true;
        if (steps != null) {
            String state = ctStateBit == CompiledMatch.CT_NEW ? "NEW" : "ESTABLISHED";
            steps.add(new Step.ConntrackStep(state, (replyDir ? "reply of " : "later packet of ") + e.original()
                    + "; the nat table is not consulted, the connection's translation is reused"));
        }
    }

    int ctBits() {
        if (!ctAttached) {
            return CompiledMatch.CT_INVALID;
        }
        int b = ctStateBit;
        boolean s = entry != null ? entry.sourceNat() : snatChanged;
        boolean d = entry != null ? entry.destinationNat() : dnatChanged;
        if (s) {
            b |= CompiledMatch.CT_SNAT;
        }
        if (d) {
            b |= CompiledMatch.CT_DNAT;
        }
        return b;
    }

    private void commitConntrack() {
        if (!ctAttached) {
            return;
        }
        if (entry != null) {
            int timeout = timeouts.timeoutFor(proto, replyDir, entry.seenReply(), now - entry.createdMillis());
            conntrack.refresh(entry, replyDir, ctMark, now + timeout * 1000L);
            return;
        }
        if (!confirmed) {
            return;
        }
        ConntrackTuple reply = new ConntrackTuple(proto, dst, dport, src, sport);
        boolean sNat = !reply.destination().equals(original.source()) || reply.destinationPort() != original.sourcePort();
        IpAddress natD = dstRewritten ? natDst : dst;
        int natDp = dstRewritten ? natDport : dport;
        boolean dNat = !natD.equals(original.destination()) || natDp != original.destinationPort();
        int timeout = timeouts.timeoutFor(proto, false, false, 0);
        conntrack.insert(new ConntrackEntry(original, reply, sNat, dNat, snatTarget, now, ctMark, now + timeout * 1000L), now);
    }

    // ------------------------------------------------------------------ nat hooks

    private boolean nat() {
        boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
        if (!ctAttached) {
            return true;
        }
        if (entry != null) {
            applyTracked(dstManip);
            return true;
        }
        if (dstManip ? dstManipDone : srcManipDone) {
            return true;
        }
        boolean ok = table(CompiledRuleset.NAT);
        if (dstManip) {
            dstManipDone = true;
        } else {
            srcManipDone = true;
            if (ok && rs.table(CompiledRuleset.NAT) != null) {
                ensureUniqueSource();
            }
        }
        return ok;
    }

    private void applyTracked(boolean dstManip) {
        if (dstManip) {
            if (!replyDir && entry.destinationNat()) {
                setDst(entry.reply().source(), entry.reply().sourcePort(), "conntrack DNAT");
            } else if (replyDir && entry.sourceNat()) {
                setDst(entry.original().source(), entry.original().sourcePort(), "conntrack un-SNAT");
            }
        } else {
            if (!replyDir && (entry.sourceNat() || entry.masqueraded())) {
                setSrc(entry.reply().destination(), entry.reply().destinationPort(), "conntrack SNAT");
                snatTarget = entry.masqueraded() || entry.sourceNat();
            } else if (replyDir && entry.destinationNat()) {
                setSrc(entry.original().destination(), entry.original().destinationPort(), "conntrack un-DNAT");
            }
        }
    }

    /** The kernel keeps the source port unless another connection already uses the resulting reply tuple. */
    private void ensureUniqueSource() {
        if (!proto.hasPorts() || !conntrack.inUse(new ConntrackTuple(proto, dst, dport, src, sport), now)) {
            return;
        }
        int min = sport < 1024 ? 1 : 1024;
        int max = sport < 1024 ? 1023 : 65535;
        int p = sport;
        for (int i = 0; i <= max - min; i++) {
            p = p >= max ? min : p + 1;
            if (!conntrack.inUse(new ConntrackTuple(proto, dst, dport, src, p), now)) {
                setSrc(src, p, "source port remap");
                return;
            }
        }
    }

    void setDst(IpAddress ip, int port, String kind) {
        if (ip.equals(dst) && port == dport) {
            return;
        }
        Packet before = steps != null ? current() : null;
        dst = ip;
        dport = port;
        dstTranslated = true;
        if (entry == null) {
            dnatChanged = true;
        }
        if (steps != null) {
            steps.add(new Step.TransformStep(kind, before, current()));
        }
    }

    void setSrc(IpAddress ip, int port, String kind) {
        if (ip.equals(src) && port == sport) {
            return;
        }
        Packet before = steps != null ? current() : null;
        src = ip;
        sport = port;
        if (entry == null) {
            snatChanged = true;
        }
        if (steps != null) {
            steps.add(new Step.TransformStep(kind, before, current()));
        }
    }

    /** The current headers as a packet. */
    Packet current() {
        return new Packet(proto, src, sport, dst, dport, mark, in, out);
    }

    // ------------------------------------------------------------------ table walk

    private boolean table(int tableId) {
        CompiledTable t = rs.table(tableId);
        if (t == null) {
            return true;
        }
        int base = t.baseChain(hook);
        if (base < 0) {
            return true;
        }
        int v = traverse(t, base);
        if (v == ACCEPT) {
            return true;
        }
        verdict = v == DROP ? Verdict.DROP : Verdict.REJECT;
        return false;
    }

    private int traverse(CompiledTable t, int base) {
        int depth = 0;
        enter(0, t.chains[base], t);
        while (true) {
            CompiledChain c = lvChain[depth];
            int i = nextCandidate(depth);
            if (i < 0) {
                if (depth == 0) {
                    if (c.builtin()) {
                        return policy(t, c);
                    }
                    policyStep(t, c, "RETURN");
                    return policy(t, t.chains[base]);
                }
                policyStep(t, c, "RETURN");
                depth--;
                continue;
            }
            lvPos[depth] = i + 1;
            CompiledRule r = c.rules[i];
            if (!MatchEvaluator.matches(this, r)) {
                continue;
            }
            Target target = r.rule.target();
            if (target instanceof JumpTarget j) {
                ruleStep(r, (j.isGoto() ? "goto " : "jump ") + j.chain());
                if (r.jumpChain < 0) {
                    uncertain = true;
                    if (steps != null) {
                        steps.add(new Step.UncertainStep("-j " + j.chain(), "chain " + j.chain()
                                + " is not in the ruleset; treated as empty"));
                    }
                    if (!j.isGoto()) {
                        continue;
                    }
                    if (depth == 0) {
                        return policy(t, t.chains[base]);
                    }
                    depth--;
                    continue;
                }
                if (!j.isGoto()) {
                    depth++;
                }
                enter(depth, t.chains[r.jumpChain], t);
                continue;
            }
            if (target instanceof StandardTarget s) {
                switch (s.kind()) {
                    case ACCEPT:
                        ruleStep(r, "ACCEPT");
                        return ACCEPT;
                    case DROP:
                        ruleStep(r, "DROP");
                        return DROP;
                    default:
                        ruleStep(r, "RETURN");
                        if (depth == 0) {
                            return policy(t, t.chains[base]);
                        }
                        depth--;
                        continue;
                }
            }
            if (target instanceof NoTarget) {
                ruleStep(r, "continue");
                continue;
            }
            if (target instanceof MarkTarget m) {
                ruleStep(r, "MARK");
                int before = mark;
                Packet pb = steps != null ? current() : null;
                mark = m.apply(mark);
                if (steps != null && before != mark) {
                    steps.add(new Step.TransformStep("MARK", pb, current()));
                }
                continue;
            }
            if (target instanceof ContinueTarget ct) {
                ruleStep(r, ct.name() + " (continue)");
                continue;
            }
            if (target instanceof RejectTarget rj) {
                ruleStep(r, "REJECT" + (rj.rejectWith() == null ? "" : " " + rj.rejectWith()));
                return REJECT;
            }
            if (target instanceof ConnmarkTarget cm) {
                connmark(r, cm);
                continue;
            }
            if (target instanceof UnknownTarget u) {
                uncertain = true;
                boolean cont = decider.unknown();
                ruleStep(r, u.name() + (cont ? " (assumed to continue)" : " (assumed to accept)"));
                if (steps != null) {
                    steps.add(new Step.UncertainStep("-j " + u.name(), "target not modeled; "
                            + (cont ? "assumed to continue" : "assumed to end the table with ACCEPT")));
                }
                if (cont) {
                    continue;
                }
                return ACCEPT;
            }
            return NatTargets.apply(this, r, target);
        }
    }

    private int policy(CompiledTable t, CompiledChain base) {
        policyStep(t, base, base.policy);
        return "DROP".equals(base.policy) ? DROP : ACCEPT;
    }

    private void policyStep(CompiledTable t, CompiledChain c, String policy) {
        if (steps != null) {
            steps.add(new Step.PolicyStep(t.name, c.name, policy));
        }
    }

    void ruleStep(CompiledRule r, String action) {
        if (steps != null) {
            steps.add(new Step.RuleStep(r.table, r.chain, r.number, r.text(), action, r.rule.provenance()));
        }
    }

    private void enter(int depth, CompiledChain c, CompiledTable t) {
        if (depth >= lvChain.length) {
            int n = lvChain.length * 2;
            lvChain = Arrays.copyOf(lvChain, n);
            lvPos = Arrays.copyOf(lvPos, n);
            lvA = Arrays.copyOf(lvA, n);
            lvB = Arrays.copyOf(lvB, n);
            lvCa = Arrays.copyOf(lvCa, n);
            lvCb = Arrays.copyOf(lvCb, n);
            lvCf = Arrays.copyOf(lvCf, n);
        }
        lvChain[depth] = c;
        lvPos[depth] = 0;
        ChainIndex ix = c.index;
        if (ix != null) {
            lvA[depth] = ix.forDestination(dst);
            lvB[depth] = ix.forPort(protoNumber, dport);
            lvCa[depth] = 0;
            lvCb[depth] = 0;
            lvCf[depth] = 0;
        }
        if (steps != null) {
            steps.add(new Step.ChainStep(t.name, c.name));
        }
    }

    /** The next rule index at or after the level's position that may match, or -1 at the end of the chain. */
    private int nextCandidate(int d) {
        CompiledChain c = lvChain[d];
        int pos = lvPos[d];
        ChainIndex ix = c.index;
        if (ix == null) {
            return pos < c.rules.length ? pos : -1;
        }
        int best = Integer.MAX_VALUE;
        int[] a = lvA[d];
        int k = lvCa[d];
        while (k < a.length && a[k] < pos) {
            k++;
        }
        lvCa[d] = k;
        if (k < a.length) {
            best = a[k];
        }
        int[] b = lvB[d];
        k = lvCb[d];
        while (k < b.length && b[k] < pos) {
            k++;
        }
        lvCb[d] = k;
        if (k < b.length && b[k] < best) {
            best = b[k];
        }
        int[] f = ix.fallback;
        k = lvCf[d];
        while (k < f.length && f[k] < pos) {
            k++;
        }
        lvCf[d] = k;
        if (k < f.length && f[k] < best) {
            best = f[k];
        }
        return best == Integer.MAX_VALUE ? -1 : best;
    }

    // ------------------------------------------------------------------ targets

    private void connmark(CompiledRule r, ConnmarkTarget cm) {
        switch (cm.op()) {
            case SET_XMARK:
                ctMark = Connmark.setXmark(ctMark, cm);
                ruleStep(r, "CONNMARK set 0x" + Integer.toHexString(ctMark));
                break;
            case SAVE_MARK:
                ctMark = Connmark.save(ctMark, mark, cm);
                ruleStep(r, "CONNMARK save 0x" + Integer.toHexString(ctMark));
                break;
            case RESTORE_MARK: {
                Packet pb = steps != null ? current() : null;
                int before = mark;
                mark = Connmark.restore(ctMark, mark, cm);
                ruleStep(r, "CONNMARK restore");
                if (steps != null && before != mark) {
                    steps.add(new Step.TransformStep("CONNMARK", pb, current()));
                }
                break;
            }
            default:
                uncertain = true;
                ruleStep(r, "CONNMARK (not modeled, continue)");
                if (steps != null) {
                    steps.add(new Step.UncertainStep("-j CONNMARK " + String.join(" ", cm.args()), "option not modeled; the mark is left unchanged"));
                }
        }
    }

}
