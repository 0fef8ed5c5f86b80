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
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
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
    final boolean hasPorts;
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
    private ConntrackTuple original;
    private IpAddress origSrc;
    private int origSport;
    private IpAddress origDst;
    private int origDport;
    boolean dstManipDone;
    boolean srcManipDone;
    private boolean dnatChanged;
    private boolean snatChanged;
    boolean snatTarget;
    private int ctMark;
    private boolean confirmed;

    // Result.
    /** Rules the kernel's linear walk evaluates on this path (rules an index skipped included). */
    int rulesEvaluated;
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

    // Chain-walk levels (the kernel's jump stack plus index cursors), borrowed for the duration of walk().
    private static final int LV = WalkStack.LV;
    private WalkStack stack;
    private long[] lvCand;
    private int[][] lvLists;
    private int[] lvInts;

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
        this.hasPorts = proto.hasPorts();
        this.src = packet.source();
        this.sport = packet.sourcePort();
        this.dst = packet.destination();
        this.dport = packet.destinationPort();
        this.mark = packet.mark();
    }

    /** Runs the packet from its entry hook to its end, then (for a seeded trace) records it in conntrack. */
    Outcome run(EntryPoint entry) {
        walk(entry);
        if (handoff != null) {
            return handedOff();
        }
        HostPort destination = verdict == Verdict.ACCEPT || dstTranslated ? new HostPort(dst, dport) : null;
        boolean masq = snatTarget;
        return new Outcome(decider.probability(), verdict, destination, masq, masq ? src : null, uncertain,
                steps == null ? List.of() : steps);
    }

    /** Runs the packet from its entry hook to its end (and commits conntrack for a seeded trace), building no outcome. */
    void walk(EntryPoint entry) {
        stack = WalkStack.acquire();
        lvCand = stack.cand;
        lvLists = stack.lists;
        lvInts = stack.ints;
        try {
            walkFrom(entry);
        } finally {
            stack.release();
            stack = null;
            lvCand = null;
            lvLists = null;
            lvInts = null;
        }
    }

    private void walkFrom(EntryPoint entry) {
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
    }

    // ------------------------------------------------------------------ packet paths

    private void fromOutside() {
        boolean srcNode = net.isNodeAddress(src);
        boolean srcPod = !srcNode && net.isLocalPod(src);
        String bridge = net.env.bridge();
        in = initial.inInterface() != null ? initial.inInterface()
                : srcNode ? Interfaces.LOOPBACK : srcPod ? bridge : net.env.uplink();
        out = null;
        if (srcPod && in.equals(bridge)) {
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
        // not a node address: the bridge for a local pod, else the uplink (Interfaces.egressFor)
        out = initial.outInterface() != null ? initial.outInterface() : net.isLocalPod(dst) ? bridge : net.env.uplink();
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
        ConntrackEntry e = conntrack.find(proto, src, sport, dst, dport, now);
        if (e == null) {
            origSrc = src;
            origSport = sport;
            origDst = dst;
            origDport = dport;
            ctStateBit = CompiledMatch.CT_NEW;
            if (steps != null) {
                steps.add(new Step.ConntrackStep("NEW", "first packet of " + original()));
            }
            return;
        }
        entry = e;
        original = e.original();
        ConntrackTuple o = e.original();
        replyDir = !(o.protocol() == proto && o.sourcePort() == sport && o.destinationPort() == dport
                && o.source().equals(src) && o.destination().equals(dst));
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

    /** The connection's original tuple (the first packet's headers for a new connection). */
    ConntrackTuple original() {
        ConntrackTuple t = original;
        if (t == null) {
            t = new ConntrackTuple(proto, origSrc, origSport, origDst, origDport);
            original = t;
        }
        return t;
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
        ConntrackTuple orig = original();
        ConntrackTuple reply = new ConntrackTuple(proto, dst, dport, src, sport);
        boolean sNat = !src.equals(orig.source()) || sport != orig.sourcePort();
        IpAddress natD = dstRewritten ? natDst : dst;
        int natDp = dstRewritten ? natDport : dport;
        boolean dNat = !natD.equals(orig.destination()) || natDp != orig.destinationPort();
        int timeout = timeouts.timeoutFor(proto, false, false, 0);
        conntrack.insert(new ConntrackEntry(orig, reply, sNat, dNat, snatTarget, now, ctMark, now + timeout * 1000L), now);
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
        if (!hasPorts || !conntrack.inUse(proto, dst, dport, src, sport, now)) {
            return;
        }
        int min = sport < 1024 ? 1 : 1024;
        int max = sport < 1024 ? 1023 : 65535;
        int p = sport;
        for (int i = 0; i <= max - min; i++) {
            p = p >= max ? min : p + 1;
            if (!conntrack.inUse(proto, dst, dport, src, p, now)) {
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
        int v;
        CompiledChain bc = t.chains[base];
        if (bc.ruleCount == 0 && steps == null && t.matchProgram) {
            v = bc.dropPolicy ? DROP : ACCEPT; // an empty built-in chain: its policy, with nothing to walk
        } else {
            v = traverse(t, base);
        }
        if (v == ACCEPT) {
            return true;
        }
        verdict = v == DROP ? Verdict.DROP : Verdict.REJECT;
        return false;
    }

    private int traverse(CompiledTable t, int base) {
        long[] code = t.code;
        boolean program = t.matchProgram;
        int depth = 0;
        enter(t, 0, base, t.chainInfo[base]);
        // The current level lives in locals; the jump stack (lvInts) holds the levels below it, saved on a jump and
        // reloaded on a return.
        int id = 0;
        int pos = 0;
        int pc = 0;
        int end = 0;
        boolean indexed = false;
        boolean load = true;
        while (true) {
            if (load) {
                int b = depth * LV;
                int[] ints = lvInts;
                pos = ints[b];
                pc = ints[b + 4];
                end = ints[b + 5];
                id = ints[b + 6];
                indexed = ints[b + 7] != 0;
                load = false;
            }
            int i;
            if (!indexed) {
                i = pc < end ? pos : -1;
            } else {
                CompiledChain c = t.chains[id];
                i = nextCandidate(depth, c, pos);
                if (i < 0) {
                    rulesEvaluated += c.ruleCount - pos;
                } else {
                    pc = c.start[i];
                }
            }
            if (i < 0) {
                if (depth == 0) {
                    CompiledChain c = t.chains[id];
                    if (c.builtin()) {
                        return policy(t, c);
                    }
                    policyStep(t, c, "RETURN");
                    return policy(t, t.chains[base]);
                }
                if (steps != null) {
                    policyStep(t, t.chains[id], "RETURN");
                }
                depth--;
                load = true;
                continue;
            }
            long header = code[pc];
            rulesEvaluated += i - pos + 1;
            pos = i + 1;
            int rulePc = pc;
            pc += RuleCode.ruleWords(header);
            if (program ? RuleCode.opWords(header) != 0 && !RuleCode.matches(this, t, id, i, rulePc)
                    : !MatchEvaluator.matches(this, t.chains[id].rules[i])) {
                continue;
            }
            int kind = RuleCode.targetKind(header);
            switch (kind) {
                case RuleCode.T_JUMP:
                case RuleCode.T_GOTO: {
                    boolean isGoto = kind == RuleCode.T_GOTO;
                    int target = RuleCode.jumpChain(header);
                    if (steps != null) {
                        CompiledRule r = t.chains[id].rules[i];
                        ruleStep(r, (isGoto ? "goto " : "jump ") + ((JumpTarget) r.rule.target()).chain());
                    }
                    if (target < 0) {
                        uncertain = true;
                        if (steps != null) {
                            String name = ((JumpTarget) t.chains[id].rules[i].rule.target()).chain();
                            steps.add(new Step.UncertainStep("-j " + name, "chain " + name
                                    + " is not in the ruleset; treated as empty"));
                        }
                        if (!isGoto) {
                            continue;
                        }
                        if (depth == 0) {
                            return policy(t, t.chains[base]);
                        }
                        depth--;
                        load = true;
                        continue;
                    }
                    long info = RuleCode.jumpInfo(code, rulePc, header);
                    if (!isGoto) {
                        if (steps == null && program && CompiledTable.start(info) == CompiledTable.end(info)) {
                            continue; // a jump to an empty chain returns at once: nothing to enter
                        }
                        lvInts[depth * LV] = pos;
                        lvInts[depth * LV + 4] = pc;
                        depth++;
                    }
                    enter(t, depth, target, info);
                    load = true;
                    continue;
                }
                case RuleCode.T_ACCEPT:
                    ruleStep(t, id, i, "ACCEPT");
                    return ACCEPT;
                case RuleCode.T_DROP:
                    ruleStep(t, id, i, "DROP");
                    return DROP;
                case RuleCode.T_RETURN:
                    ruleStep(t, id, i, "RETURN");
                    if (depth == 0) {
                        return policy(t, t.chains[base]);
                    }
                    depth--;
                    load = true;
                    continue;
                case RuleCode.T_NONE:
                    ruleStep(t, id, i, "continue");
                    continue;
                case RuleCode.T_MARK: {
                    CompiledRule r = t.chains[id].rules[i];
                    MarkTarget m = (MarkTarget) r.rule.target();
                    ruleStep(r, "MARK");
                    int before = mark;
                    Packet pb = steps != null ? current() : null;
                    mark = m.apply(mark);
                    if (steps != null && before != mark) {
                        steps.add(new Step.TransformStep("MARK", pb, current()));
                    }
                    continue;
                }
                case RuleCode.T_CONTINUE: {
                    if (steps != null) {
                        CompiledRule r = t.chains[id].rules[i];
                        ruleStep(r, ((ContinueTarget) r.rule.target()).name() + " (continue)");
                    }
                    continue;
                }
                case RuleCode.T_REJECT: {
                    if (steps != null) {
                        CompiledRule r = t.chains[id].rules[i];
                        RejectTarget rj = (RejectTarget) r.rule.target();
                        ruleStep(r, "REJECT" + (rj.rejectWith() == null ? "" : " " + rj.rejectWith()));
                    }
                    return REJECT;
                }
                case RuleCode.T_CONNMARK: {
                    CompiledRule r = t.chains[id].rules[i];
                    connmark(r, (ConnmarkTarget) r.rule.target());
                    continue;
                }
                case RuleCode.T_UNKNOWN: {
                    CompiledRule r = t.chains[id].rules[i];
                    UnknownTarget u = (UnknownTarget) r.rule.target();
                    uncertain = true;
                    boolean cont = decider.unknown();
                    if (steps != null) {
                        ruleStep(r, u.name() + (cont ? " (assumed to continue)" : " (assumed to accept)"));
                        steps.add(new Step.UncertainStep("-j " + u.name(), "target not modeled; "
                                + (cont ? "assumed to continue" : "assumed to end the table with ACCEPT")));
                    }
                    if (cont) {
                        continue;
                    }
                    return ACCEPT;
                }
                case RuleCode.T_DNAT: {
                    if (hook != Hook.PREROUTING && hook != Hook.OUTPUT) {
                        CompiledRule r = t.chains[id].rules[i];
                        return NatTargets.apply(this, r, r.rule.target());
                    }
                    ruleStep(t, id, i, "DNAT");
                    int at = rulePc + 1 + RuleCode.opWords(header);
                    setDst(RuleCode.dnatAddress(code, at), NatTargets.pickPort(this, dport, RuleCode.dnatFromPort(code, at),
                            RuleCode.dnatToPort(code, at), "DNAT"), "DNAT");
                    dstManipDone = true;
                    return ACCEPT;
                }
                default: {
                    CompiledRule r = t.chains[id].rules[i];
                    return NatTargets.apply(this, r, r.rule.target());
                }
            }
        }
    }

    private int policy(CompiledTable t, CompiledChain base) {
        policyStep(t, base, base.policy);
        return base.dropPolicy ? DROP : ACCEPT;
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

    private void ruleStep(CompiledTable t, int chainId, int i, String action) {
        if (steps != null) {
            ruleStep(t.chains[chainId].rules[i], action);
        }
    }

    /** Pushes chain {@code id} at {@code depth}: its extent in the table's blob, and its index candidates. */
    private void enter(CompiledTable t, int depth, int id, long info) {
        if ((depth + 1) * LV > lvInts.length) {
            stack.ensure(depth);
            lvCand = stack.cand;
            lvLists = stack.lists;
            lvInts = stack.ints;
        }
        int[] ints = lvInts;
        int b = depth * LV;
        ints[b] = 0;
        ints[b + 1] = 0;
        ints[b + 2] = 0;
        ints[b + 3] = 0;
        ints[b + 4] = CompiledTable.start(info);
        ints[b + 5] = CompiledTable.end(info);
        ints[b + 6] = id;
        if ((info & CompiledTable.INDEXED) != 0) {
            ints[b + 7] = 1;
            ChainIndex ix = t.chains[id].index;
            long d = ix.forDestination(dst);
            long p = ix.forPort(protoNumber, dport);
            lvCand[depth * 2] = d;
            lvCand[depth * 2 + 1] = p;
            lvLists[depth * 2] = d == 0 || (d & CandidateMap.INLINE) != 0 ? null : ix.list(d, false);
            lvLists[depth * 2 + 1] = p == 0 || (p & CandidateMap.INLINE) != 0 ? null : ix.list(p, true);
        } else {
            ints[b + 7] = 0;
        }
        if (steps != null) {
            steps.add(new Step.ChainStep(t.name, t.chains[id].name));
        }
    }

    /**
     * The next rule index at or after the level's position that may match, or -1 at the end of the chain. With an
     * index: the smallest of the three candidate lists' next entries (destination bucket, port bucket, fallback).
     */
    private int nextCandidate(int d, CompiledChain c, int pos) {
        int b = d * LV;
        ChainIndex ix = c.index;
        int best = Integer.MAX_VALUE;
        long pd = lvCand[d * 2];
        if (pd != 0) {
            best = nextIn(pd, lvLists[d * 2], b + 1, pos);
        }
        long pp = lvCand[d * 2 + 1];
        if (pp != 0) {
            best = Math.min(best, nextIn(pp, lvLists[d * 2 + 1], b + 2, pos));
        }
        int[] f = ix.fallback;
        int k = lvInts[b + 3];
        while (k < f.length && f[k] < pos) {
            k++;
        }
        lvInts[b + 3] = k;
        if (k < f.length && f[k] < best) {
            best = f[k];
        }
        return best == Integer.MAX_VALUE ? -1 : best;
    }

    /** The first rule at or after {@code pos} of a candidate list (inline payload or array); advances its cursor. */
    private int nextIn(long payload, int[] list, int cursor, int pos) {
        int k = lvInts[cursor];
        if ((payload & CandidateMap.INLINE) != 0) {
            int n = CandidateMap.inlineCount(payload);
            while (k < n && CandidateMap.inlineRule(payload, k) < pos) {
                k++;
            }
            lvInts[cursor] = k;
            return k < n ? CandidateMap.inlineRule(payload, k) : Integer.MAX_VALUE;
        }
        while (k < list.length && list[k] < pos) {
            k++;
        }
        lvInts[cursor] = k;
        return k < list.length ? list[k] : Integer.MAX_VALUE;
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
