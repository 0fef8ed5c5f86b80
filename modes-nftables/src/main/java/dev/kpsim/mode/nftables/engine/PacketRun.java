package dev.kpsim.mode.nftables.engine;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.mode.nftables.ast.Expr;
import dev.kpsim.mode.nftables.ast.FieldType;
import dev.kpsim.mode.nftables.ast.Stmt;
import dev.kpsim.mode.nftables.model.NftChain;
import dev.kpsim.mode.nftables.model.NftElement;
import dev.kpsim.mode.nftables.model.NftHook;
import dev.kpsim.mode.nftables.model.NftRule;
import dev.kpsim.mode.nftables.text.RulePrinter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One packet's walk through a node's nftables hooks, following one path: the decisions at {@code numgen} and at
 * unmodelled statements come from {@link Choices}. Mirrors the kernel: {@code nf_hook_slow} over the hook's base
 * chains in priority order, {@code nft_do_chain} with its jump stack inside each (accept ends the base chain, drop
 * and reject end the packet, {@code goto} replaces the current chain, falling off a regular chain returns, falling off
 * a base chain applies its policy), and NAT applied once per connection. Mutable and single-use.
 */
final class PacketRun {

    private static final int MAX_JUMP_DEPTH = 64;
    private static final int MAX_UNKNOWN_BRANCHES = 6;
    private static final int MAX_RULE_EVALUATIONS = 100_000;

    /** What a run ends with, and the state changes a committed trace applies. */
    record Result(Verdict verdict, Packet finalPacket, boolean translated, boolean masquerade, IpAddress newSource,
                  boolean uncertain, List<Step> steps, NftConntrack.Entry newConnection, List<DynUpdate> dynUpdates) {
    }

    /** A dynamic-set update to apply when the run is committed. */
    record DynUpdate(String set, String key, long expiresAt) {
    }

    private enum Flow { NEXT, NOMATCH, ACCEPT, DROP, REJECT, RETURN, JUMP, GOTO, NAT }

    private record Effect(Flow flow, String target, String action) {
        static final Effect NEXT = new Effect(Flow.NEXT, null, null);
        static final Effect NOMATCH = new Effect(Flow.NOMATCH, null, null);
    }

    private final CompiledRuleset rs;
    private final NodeEnvironment env;
    private final Choices choices;
    private final DynamicSets dyn;
    private final long now;
    private final NftConntrack.Hit hit;
    private final Packet original;
    private final IpFamily family;

    private Packet pkt;
    private String inIf;
    private String outIf;
    private final List<Step> steps = new ArrayList<>();
    private boolean uncertain;
    private HostPort dnatTo;
    private IpAddress snatTo;
    private boolean masquerade;
    private long ctMark;
    private final List<DynUpdate> dynUpdates = new ArrayList<>();
    private int unknownBranches;
    private int evaluations;
    private NftHook hook;
    private String curTable;
    private String curChain;
    private int curRule;

    PacketRun(CompiledRuleset rs, NodeEnvironment env, Choices choices, DynamicSets dyn, long now,
              Optional<NftConntrack.Hit> hit, Packet packet) {
        this.rs = rs;
        this.env = env;
        this.choices = choices;
        this.dyn = dyn;
        this.now = now;
        this.hit = hit.orElse(null);
        this.original = packet;
        this.pkt = packet;
        this.family = packet.source().family();
    }

    Result run(EntryPoint entry) {
        if (hit == null) {
            steps.add(new Step.ConntrackStep("new", "no conntrack entry: nat chains run for this first packet"));
        } else {
            steps.add(new Step.ConntrackStep("established", (hit.reply() ? "reply of " : "packet of ")
                    + NftConntrack.tuple(hit.entry().original()) + ": its translation is reused, nat chains skipped"));
        }
        Verdict v;
        if (entry == EntryPoint.PREROUTING) {
            inIf = pkt.inInterface() != null ? pkt.inInterface()
                    : env.isLocalPod(pkt.source()) ? env.bridge() : env.uplink();
            pkt = pkt.withInterfaces(inIf, null);
            v = traverse(NftHook.PREROUTING);
            if (v != Verdict.ACCEPT) {
                return end(v);
            }
            if (env.isLocalAddress(pkt.destination())) {
                steps.add(new Step.RoutingStep("local", pkt.destination() + " is an address of this node: INPUT"));
                v = traverse(NftHook.INPUT);
                return end(v);
            }
            outIf = routeOut(pkt.destination());
            pkt = pkt.withInterfaces(inIf, outIf);
            steps.add(new Step.RoutingStep("forward", pkt.destination() + " is routed out of " + outIf));
            v = traverse(NftHook.FORWARD);
            if (v != Verdict.ACCEPT) {
                return end(v);
            }
            return end(traverse(NftHook.POSTROUTING));
        }
        outIf = pkt.outInterface() != null ? pkt.outInterface() : routeOut(pkt.destination());
        pkt = pkt.withInterfaces(null, outIf);
        steps.add(new Step.RoutingStep("output", "locally generated; " + pkt.destination() + " is routed out of "
                + outIf));
        HostPort before = pkt.destinationHostPort();
        v = traverse(NftHook.OUTPUT);
        if (v != Verdict.ACCEPT) {
            return end(v);
        }
        if (!before.equals(pkt.destinationHostPort())) {
            outIf = routeOut(pkt.destination());
            pkt = pkt.withInterfaces(null, outIf);
            steps.add(new Step.RoutingStep("reroute", "destination changed to " + pkt.destinationHostPort()
                    + ": routed out of " + outIf));
        }
        v = traverse(NftHook.POSTROUTING);
        if (v != Verdict.ACCEPT) {
            return end(v);
        }
        if (env.isLocalAddress(pkt.destination())) {
            inIf = "lo";
            pkt = pkt.withInterfaces(inIf, null);
            v = traverse(NftHook.INPUT);
        }
        return end(v);
    }

    private String routeOut(IpAddress dst) {
        if (env.isLocalAddress(dst)) {
            return "lo";
        }
        return env.isLocalPod(dst) ? env.bridge() : env.uplink();
    }

    private Result end(Verdict v) {
        boolean translated = dnatTo != null || hit != null && hit.entry().dnat() != null;
        NftConntrack.Entry entry = null;
        if (v == Verdict.ACCEPT && hit == null) {
            entry = new NftConntrack.Entry(original, dnatTo, snatTo);
        }
        return new Result(v, pkt, translated, masquerade, snatTo, uncertain, steps, entry, dynUpdates);
    }

    // ---- hooks ----

    private Verdict traverse(NftHook h) {
        hook = h;
        steps.add(new Step.HookStep(h.traceHook().orElseThrow()));
        for (CompiledRuleset.HookEntry e : rs.entries(family, h)) {
            Verdict v = e.nat() ? natEntry(e, h) : baseChain(e.chains().get(0));
            if (v != Verdict.ACCEPT) {
                return v;
            }
        }
        return Verdict.ACCEPT;
    }

    private boolean dstManip(NftHook h) {
        return h == NftHook.PREROUTING || h == NftHook.OUTPUT;
    }

    private Verdict natEntry(CompiledRuleset.HookEntry e, NftHook h) {
        if (hit != null) {
            applyConntrack(h);
            return Verdict.ACCEPT;
        }
        for (CompiledRuleset.ChainRef c : e.chains()) {
            boolean before = dstManip(h) ? dnatTo != null : snatTo != null || masquerade;
            Verdict v = baseChain(c);
            if (v != Verdict.ACCEPT) {
                return v;
            }
            boolean after = dstManip(h) ? dnatTo != null : snatTo != null || masquerade;
            if (!before && after) {
                break;
            }
        }
        return Verdict.ACCEPT;
    }

    private void applyConntrack(NftHook h) {
        NftConntrack.Entry en = hit.entry();
        Packet before = pkt;
        if (!hit.reply()) {
            if (dstManip(h) && en.dnat() != null) {
                pkt = pkt.withDestination(en.dnat().ip(), en.dnat().port());
                steps.add(new Step.TransformStep("DNAT (conntrack)", before, pkt));
            } else if (!dstManip(h) && en.snat() != null) {
                pkt = pkt.withSource(en.snat(), pkt.sourcePort());
                steps.add(new Step.TransformStep("SNAT (conntrack)", before, pkt));
            }
        } else {
            if (dstManip(h) && en.snat() != null) {
                pkt = pkt.withDestination(en.original().source(), en.original().sourcePort());
                steps.add(new Step.TransformStep("un-SNAT (conntrack)", before, pkt));
            } else if (!dstManip(h) && en.dnat() != null) {
                pkt = pkt.withSource(en.original().destination(), en.original().destinationPort());
                steps.add(new Step.TransformStep("un-DNAT (conntrack)", before, pkt));
            }
        }
    }

    private record Frame(CompiledRuleset.TableIndex table, NftChain chain, int[] next) {
    }

    private Verdict baseChain(CompiledRuleset.ChainRef ref) {
        CompiledRuleset.TableIndex t = ref.table();
        Deque<Frame> stack = new ArrayDeque<>();
        Frame cur = new Frame(t, ref.chain(), new int[] {0});
        steps.add(new Step.ChainStep(t.table().qualifiedName(), ref.chain().name()));
        while (true) {
            if (cur.next()[0] >= cur.chain().rules().size()) {
                if (stack.isEmpty()) {
                    return policy(t, ref.chain());
                }
                cur = stack.pop();
                continue;
            }
            if (++evaluations > MAX_RULE_EVALUATIONS) {
                uncertain = true;
                steps.add(new Step.UncertainStep("chain " + cur.chain().name(), "more than " + MAX_RULE_EVALUATIONS
                        + " rules evaluated for one packet (a goto loop the kernel would have refused); stopped here"));
                return policy(t, ref.chain());
            }
            int index = cur.next()[0]++;
            NftRule rule = cur.chain().rules().get(index);
            curTable = t.table().qualifiedName();
            curChain = cur.chain().name();
            curRule = index + 1;
            Effect eff = rule(t, rule);
            switch (eff.flow()) {
                case NEXT, NOMATCH -> {
                }
                case ACCEPT, NAT -> {
                    return Verdict.ACCEPT;
                }
                case DROP -> {
                    return Verdict.DROP;
                }
                case REJECT -> {
                    return Verdict.REJECT;
                }
                case RETURN -> {
                    if (stack.isEmpty()) {
                        return policy(t, ref.chain());
                    }
                    cur = stack.pop();
                }
                case JUMP, GOTO -> {
                    NftChain target = t.chains().get(eff.target());
                    if (target == null || stack.size() >= MAX_JUMP_DEPTH) {
                        uncertain = true;
                        steps.add(new Step.UncertainStep(eff.action(), target == null ? "chain " + eff.target()
                                + " does not exist" : "jump depth exceeds " + MAX_JUMP_DEPTH));
                        continue;
                    }
                    if (eff.flow() == Flow.JUMP) {
                        stack.push(cur);
                    }
                    cur = new Frame(t, target, new int[] {0});
                    steps.add(new Step.ChainStep(t.table().qualifiedName(), target.name()));
                }
                default -> throw new IllegalStateException(eff.flow().toString());
            }
        }
    }

    private Verdict policy(CompiledRuleset.TableIndex t, NftChain base) {
        String p = base.base().policy();
        steps.add(new Step.PolicyStep(t.table().qualifiedName(), base.name(), p));
        return p.equals("drop") ? Verdict.DROP : Verdict.ACCEPT;
    }

    // ---- rules ----

    private Effect rule(CompiledRuleset.TableIndex t, NftRule rule) {
        String action = null;
        Effect result = Effect.NEXT;
        for (Stmt s : rule.statements()) {
            Effect e;
            try {
                e = statement(t, s);
            } catch (Unsupported u) {
                e = unknown(s instanceof Stmt.Unknown un ? un.text() : RulePrinter.statement(s), u.getMessage());
            }
            if (e.flow() == Flow.NOMATCH) {
                return Effect.NOMATCH;
            }
            if (e.flow() != Flow.NEXT) {
                result = e;
                action = e.action();
                break;
            }
        }
        steps.add(new Step.RuleStep(t.table().qualifiedName(), curChain, curRule, RulePrinter.list(rule),
                action == null ? "continue" : action, rule.provenance()));
        return result;
    }

    private Effect unknown(String text, String reason) {
        uncertain = true;
        if (unknownBranches >= MAX_UNKNOWN_BRANCHES) {
            steps.add(new Step.UncertainStep(text, reason + "; taken as not matching (too many unmodelled"
                    + " statements on this path to follow both outcomes)"));
            return Effect.NOMATCH;
        }
        unknownBranches++;
        int c = choices.choose(new double[] {0.5, 0.5});
        steps.add(new Step.UncertainStep(text, reason + "; followed as " + (c == 0 ? "matching" : "not matching")
                + " (both outcomes are followed, each weighted 1/2)"));
        return c == 0 ? Effect.NEXT : Effect.NOMATCH;
    }

    private Effect statement(CompiledRuleset.TableIndex t, Stmt s) throws Unsupported {
        if (s instanceof Stmt.Match m) {
            return match(t, m) ? Effect.NEXT : Effect.NOMATCH;
        }
        if (s instanceof Stmt.Vmap v) {
            Optional<dev.kpsim.mode.nftables.model.Verdict> verdict = vmap(t, v);
            return verdict.map(x -> verdictEffect(x, " (verdict map)")).orElse(Effect.NOMATCH);
        }
        if (s instanceof Stmt.VerdictStmt v) {
            return verdictEffect(v.verdict(), "");
        }
        if (s instanceof Stmt.Counter || s instanceof Stmt.Log) {
            return Effect.NEXT;
        }
        if (s instanceof Stmt.Reject) {
            return new Effect(Flow.REJECT, null, "reject");
        }
        if (s instanceof Stmt.SetValue sv) {
            setValue(sv);
            return Effect.NEXT;
        }
        if (s instanceof Stmt.Nat n) {
            return nat(t, n);
        }
        if (s instanceof Stmt.Dynset d) {
            dynset(t, d);
            return Effect.NEXT;
        }
        throw new Unsupported("statement not modelled");
    }

    private static Effect verdictEffect(dev.kpsim.mode.nftables.model.Verdict v, String how) {
        return switch (v.kind()) {
            case ACCEPT -> new Effect(Flow.ACCEPT, null, "accept" + how);
            case DROP -> new Effect(Flow.DROP, null, "drop" + how);
            case RETURN -> new Effect(Flow.RETURN, null, "return" + how);
            case CONTINUE -> Effect.NEXT;
            case JUMP -> new Effect(Flow.JUMP, v.chain(), "jump " + v.chain() + how);
            case GOTO -> new Effect(Flow.GOTO, v.chain(), "goto " + v.chain() + how);
            case QUEUE -> new Effect(Flow.ACCEPT, null, "queue" + how);
        };
    }

    // ---- fields ----

    /** The value of a field for the current packet; null when the packet has no such field (no match). */
    private Value field(Expr e) throws Unsupported {
        if (e instanceof Expr.Payload p) {
            return payload(p);
        }
        if (e instanceof Expr.Meta m) {
            return switch (m.key()) {
                case "l4proto" -> Value.number(FieldType.INET_PROTO, pkt.protocol().number());
                case "mark" -> Value.number(FieldType.MARK, pkt.mark() & 0xFFFFFFFFL);
                case "iifname" -> Value.word(FieldType.IFNAME, inIf == null ? "" : inIf);
                case "oifname" -> Value.word(FieldType.IFNAME, outIf == null || hook == NftHook.PREROUTING
                        || hook == NftHook.INPUT ? "" : outIf);
                case "nfproto" -> Value.word(FieldType.NFPROTO, family == IpFamily.IPV4 ? "ipv4" : "ipv6");
                default -> throw new Unsupported("meta " + m.key() + " is not modelled");
            };
        }
        if (e instanceof Expr.Ct c) {
            return switch (c.key()) {
                case "state" -> Value.word(FieldType.CT_STATE, hit == null ? "new" : "established");
                case "status" -> Value.word(FieldType.CT_STATUS, String.join(",", ctStatus()));
                case "mark" -> Value.number(FieldType.MARK, ctMark);
                default -> throw new Unsupported("ct " + c.key() + " is not modelled");
            };
        }
        if (e instanceof Expr.Fib f) {
            if (!f.result().equals("type") || f.inputs().size() != 1) {
                throw new Unsupported("fib " + String.join(" . ", f.inputs()) + " " + f.result() + " is not modelled");
            }
            IpAddress a = switch (f.inputs().get(0)) {
                case "saddr" -> pkt.source();
                case "daddr" -> pkt.destination();
                default -> throw new Unsupported("fib " + f.inputs().get(0) + " is not modelled");
            };
            return Value.word(FieldType.FIB_ADDRTYPE, addressType(a));
        }
        if (e instanceof Expr.Numgen n) {
            return Value.number(FieldType.INTEGER, numgen(n));
        }
        if (e instanceof Expr.Binop b) {
            Value l = field(b.left());
            if (l == null) {
                return null;
            }
            if (!(b.right() instanceof Expr.Literal lit) || l.ip() != null || l.word() != null) {
                throw new Unsupported("this binary operation is not modelled");
            }
            long r = dev.kpsim.mode.nftables.text.Values.parseNumber(lit.text())
                    .orElseThrow(() -> new Unsupported("'" + lit.text() + "' is not a number"));
            long v = switch (b.op()) {
                case "&" -> l.number() & r;
                case "|" -> l.number() | r;
                default -> l.number() ^ r;
            };
            return Value.number(l.type(), v & 0xFFFFFFFFL);
        }
        throw new Unsupported("this expression is not modelled");
    }

    private Set<String> ctStatus() {
        Set<String> s = new LinkedHashSet<>();
        if (dnatTo != null || hit != null && hit.entry().dnat() != null) {
            s.add("dnat");
        }
        if (snatTo != null || hit != null && hit.entry().snat() != null) {
            s.add("snat");
        }
        if (hit != null) {
            s.add("confirmed");
        }
        return s;
    }

    private String addressType(IpAddress a) {
        if (env.isLocalAddress(a)) {
            return "local";
        }
        if (a.isV4() ? (a.v4Bits() >>> 28) == 0xE : (a.hi() >>> 56) == 0xFF) {
            return "multicast";
        }
        if (a.isV4() && a.v4Bits() == -1) {
            return "broadcast";
        }
        return "unicast";
    }

    private Value payload(Expr.Payload p) throws Unsupported {
        String proto = p.protocol();
        switch (proto) {
            case "ip", "ip6" -> {
                if ((proto.equals("ip") ? IpFamily.IPV4 : IpFamily.IPV6) != family) {
                    return null;
                }
                FieldType t = proto.equals("ip") ? FieldType.IPV4_ADDR : FieldType.IPV6_ADDR;
                return switch (p.field()) {
                    case "saddr" -> Value.ip(t, pkt.source());
                    case "daddr" -> Value.ip(t, pkt.destination());
                    case "protocol", "nexthdr" -> Value.number(FieldType.INET_PROTO, pkt.protocol().number());
                    default -> throw new Unsupported(proto + " " + p.field() + " is not modelled");
                };
            }
            case "th", "tcp", "udp", "sctp" -> {
                if (!pkt.protocol().hasPorts() || !proto.equals("th") && !proto.equals(pkt.protocol().lower())) {
                    return null;
                }
                return switch (p.field()) {
                    case "dport" -> Value.number(FieldType.INET_SERVICE, pkt.destinationPort());
                    case "sport" -> Value.number(FieldType.INET_SERVICE, pkt.sourcePort());
                    default -> throw new Unsupported(proto + " " + p.field() + " is not modelled");
                };
            }
            default -> throw new Unsupported(proto + " " + p.field() + " is not modelled");
        }
    }

    private int numgen(Expr.Numgen n) throws Unsupported {
        if (!n.mode().equals("random")) {
            throw new Unsupported("numgen " + n.mode() + " is not modelled");
        }
        double[] probs = new double[n.modulus()];
        java.util.Arrays.fill(probs, 1.0 / n.modulus());
        int c = choices.choose(probs);
        steps.add(new Step.BranchStep(curTable, curChain, curRule, 1.0 / n.modulus(), true));
        return c + n.offset();
    }

    private List<Value> values(Expr e) throws Unsupported {
        List<Value> out = new ArrayList<>();
        for (Expr part : e instanceof Expr.Concat c ? c.parts() : List.of(e)) {
            Value v = field(part);
            if (v == null) {
                return null;
            }
            out.add(v);
        }
        return out;
    }

    private static List<FieldType> types(Expr e) {
        return (e instanceof Expr.Concat c ? c.parts() : List.of(e)).stream().map(FieldType::of).toList();
    }

    // ---- matches ----

    private boolean match(CompiledRuleset.TableIndex t, Stmt.Match m) throws Unsupported {
        List<Value> vs = values(m.left());
        if (vs == null) {
            return false;
        }
        boolean r = switch (m.op()) {
            case "", "==", "!=" -> contains(t, m.left(), vs, m.right());
            default -> compare(vs, m.op(), m.right());
        };
        return m.op().equals("!=") != r;
    }

    private boolean compare(List<Value> vs, String op, Expr right) throws Unsupported {
        if (vs.size() != 1 || !(right instanceof Expr.Literal l)) {
            throw new Unsupported("comparison '" + op + "' is not modelled here");
        }
        Pattern p = Pattern.parse(l.text(), vs.get(0).type());
        if (!p.isExact() || vs.get(0).ip() != null || vs.get(0).word() != null) {
            throw new Unsupported("comparison '" + op + "' is not modelled here");
        }
        long a = vs.get(0).number();
        long b = p.exact().number();
        return switch (op) {
            case "<" -> a < b;
            case ">" -> a > b;
            case "<=" -> a <= b;
            default -> a >= b;
        };
    }

    private boolean contains(CompiledRuleset.TableIndex t, Expr left, List<Value> vs, Expr right) throws Unsupported {
        if (right instanceof Expr.SetRef ref) {
            return lookup(t, ref.name(), vs).isPresent();
        }
        List<FieldType> types = types(left);
        if (right instanceof Expr.SetLiteral s) {
            for (Expr el : s.elements()) {
                if (elementMatches(el, vs, types)) {
                    return true;
                }
            }
            return false;
        }
        if (vs.size() != 1) {
            throw new Unsupported("a concatenation compared with a single value is not modelled");
        }
        Value v = vs.get(0);
        if (right instanceof Expr.FlagList f) {
            return f.flags().stream().anyMatch(x -> flagMatch(v, x));
        }
        if (right instanceof Expr.Literal l) {
            if (v.type() == FieldType.CT_STATE || v.type() == FieldType.CT_STATUS) {
                return flagMatch(v, l.text());
            }
            return Pattern.parse(l.text(), v.type()).matches(v);
        }
        throw new Unsupported("this right-hand side is not modelled");
    }

    private static boolean flagMatch(Value v, String flag) {
        for (String w : v.word().split(",")) {
            if (w.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean elementMatches(Expr el, List<Value> vs, List<FieldType> types) throws Unsupported {
        List<Expr> parts = el instanceof Expr.Concat c ? c.parts() : List.of(el);
        if (parts.size() != vs.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Expr.Literal l)) {
                throw new Unsupported("a non-constant set element is not modelled");
            }
            Value v = vs.get(i);
            FieldType ft = v.type() != FieldType.UNKNOWN ? v.type() : types.get(i);
            if (!Pattern.parse(l.text(), ft).matches(v)) {
                return false;
            }
        }
        return true;
    }

    private String setKey(CompiledRuleset.TableIndex t, String set) {
        return t.table().qualifiedName() + " " + set;
    }

    private Optional<NftElement> lookup(CompiledRuleset.TableIndex t, String set, List<Value> vs) throws Unsupported {
        CompiledSet cs = t.sets().get(set);
        if (cs == null) {
            throw new Unsupported("set @" + set + " does not exist");
        }
        Optional<NftElement> e = cs.lookup(vs);
        if (e.isPresent()) {
            return e;
        }
        if (t.dynamicSets().contains(set)) {
            String key = CompiledSet.key(vs);
            if (dyn.contains(setKey(t, set), key, now)) {
                steps.add(new Step.ModeStep("nftables", vs + " is in dynamic set @" + set + " (expires in "
                        + dyn.remaining(setKey(t, set), key, now) / 1000 + "s)"));
                return Optional.of(new NftElement(vs.stream().map(Value::key).toList(), null, null, null, null));
            }
        }
        if (cs.unreadable() > 0) {
            throw new Unsupported("set @" + set + " has elements kpsim cannot read");
        }
        return Optional.empty();
    }

    private Optional<dev.kpsim.mode.nftables.model.Verdict> vmap(CompiledRuleset.TableIndex t, Stmt.Vmap v)
            throws Unsupported {
        List<Value> vs = values(v.key());
        if (vs == null) {
            return Optional.empty();
        }
        if (v.map() instanceof Expr.SetRef ref) {
            return lookup(t, ref.name(), vs).map(NftElement::verdict);
        }
        if (v.map() instanceof Expr.MapLiteral ml) {
            List<FieldType> types = types(v.key());
            for (Expr.MapEntry en : ml.entries()) {
                if (elementMatches(en.key(), vs, types) && en.value() instanceof Expr.VerdictValue vv) {
                    return Optional.of(vv.verdict());
                }
            }
            return Optional.empty();
        }
        throw new Unsupported("this verdict map is not modelled");
    }

    // ---- actions ----

    private void setValue(Stmt.SetValue sv) throws Unsupported {
        Value v = sv.value() instanceof Expr.Literal l ? Pattern.parse(l.text(), FieldType.MARK).exact() : field(sv.value());
        if (v == null || v.ip() != null || v.word() != null) {
            throw new Unsupported("this value is not modelled");
        }
        if (sv.target() instanceof Expr.Meta m && m.key().equals("mark")) {
            Packet before = pkt;
            pkt = pkt.withMark((int) v.number());
            steps.add(new Step.TransformStep("MARK", before, pkt));
            return;
        }
        if (sv.target() instanceof Expr.Ct c && c.key().equals("mark")) {
            ctMark = v.number();
            return;
        }
        throw new Unsupported("setting this field is not modelled");
    }

    private void dynset(CompiledRuleset.TableIndex t, Stmt.Dynset d) throws Unsupported {
        CompiledSet cs = t.sets().get(d.set());
        if (cs == null) {
            throw new Unsupported("set @" + d.set() + " does not exist");
        }
        List<Value> vs = values(d.key());
        if (vs == null) {
            return;
        }
        java.time.Duration timeout = cs.declaration().timeout();
        long expires = timeout == null ? Long.MAX_VALUE : now + timeout.toMillis();
        dynUpdates.add(new DynUpdate(setKey(t, d.set()), CompiledSet.key(vs), expires));
        steps.add(new Step.ModeStep("nftables", d.op() + " " + vs + " in @" + d.set()
                + (timeout == null ? "" : " for " + timeout.toSeconds() + "s")));
    }

    private Effect nat(CompiledRuleset.TableIndex t, Stmt.Nat n) throws Unsupported {
        Packet before = pkt;
        switch (n.kind()) {
            case MASQUERADE -> {
                IpAddress src = interfaceAddress(outIf);
                masquerade = true;
                if (src != null) {
                    snatTo = src;
                    pkt = pkt.withSource(src, pkt.sourcePort());
                } else {
                    uncertain = true;
                    steps.add(new Step.UncertainStep("masquerade", "the address of " + outIf + " is not known"));
                }
                steps.add(new Step.TransformStep("MASQUERADE", before, pkt));
                return new Effect(Flow.NAT, null, "masquerade");
            }
            case DNAT, REDIRECT -> {
                HostPort to = target(t, n);
                if (to == null) {
                    return Effect.NOMATCH;
                }
                dnatTo = to;
                pkt = pkt.withDestination(to.ip(), to.port());
                steps.add(new Step.TransformStep(n.kind() == Stmt.NatKind.DNAT ? "DNAT" : "REDIRECT", before, pkt));
                return new Effect(Flow.NAT, null, n.kind().keyword() + " to " + to);
            }
            default -> {
                HostPort to = target(t, n);
                if (to == null) {
                    return Effect.NOMATCH;
                }
                snatTo = to.ip();
                pkt = pkt.withSource(to.ip(), n.port() == null ? pkt.sourcePort() : to.port());
                steps.add(new Step.TransformStep("SNAT", before, pkt));
                return new Effect(Flow.NAT, null, "snat to " + to.ip());
            }
        }
    }

    private IpAddress interfaceAddress(String ifName) {
        if (ifName == null) {
            return null;
        }
        if (ifName.equals("lo")) {
            return family == IpFamily.IPV4 ? IpAddress.LOCALHOST_V4 : IpAddress.parse("::1");
        }
        if (ifName.equals(env.bridge())) {
            return env.bridgeAddress(family).orElse(null);
        }
        if (ifName.equals(env.uplink())) {
            return env.primaryAddress(family).orElse(null);
        }
        return null;
    }

    private HostPort target(CompiledRuleset.TableIndex t, Stmt.Nat n) throws Unsupported {
        int port = pkt.destinationPort();
        if (n.kind() == Stmt.NatKind.REDIRECT) {
            IpAddress local = hook == NftHook.OUTPUT ? interfaceAddress("lo") : interfaceAddress(inIf);
            if (local == null) {
                throw new Unsupported("redirect: the address of " + inIf + " is not known");
            }
            return new HostPort(local, n.port() == null ? port : Integer.parseInt(n.port()));
        }
        if (n.address() instanceof Expr.Literal l) {
            IpAddress ip = IpAddress.tryParse(l.text()).orElseThrow(() -> new Unsupported("'" + l.text()
                    + "' is not an address"));
            return new HostPort(ip, n.port() == null ? port : Integer.parseInt(n.port()));
        }
        if (n.address() instanceof Expr.MapLookup ml) {
            List<Value> key = values(ml.key());
            if (key == null) {
                return null;
            }
            List<String> data = null;
            if (ml.map() instanceof Expr.MapLiteral lit) {
                for (Expr.MapEntry en : lit.entries()) {
                    if (elementMatches(en.key(), key, types(ml.key()))) {
                        data = new ArrayList<>();
                        for (Expr p : en.value() instanceof Expr.Concat c ? c.parts() : List.of(en.value())) {
                            if (!(p instanceof Expr.Literal pl)) {
                                throw new Unsupported("a non-constant map value is not modelled");
                            }
                            data.add(pl.text());
                        }
                        break;
                    }
                }
            } else if (ml.map() instanceof Expr.SetRef ref) {
                Optional<NftElement> e = lookup(t, ref.name(), key);
                data = e.map(NftElement::data).orElse(null);
            }
            if (data == null || data.isEmpty()) {
                return null;
            }
            String first = data.get(0);
            IpAddress ip = IpAddress.tryParse(first).orElseThrow(() -> new Unsupported("map value '" + first
                    + "' is not an address"));
            int p = n.addrPort() && data.size() > 1 ? Integer.parseInt(data.get(1)) : port;
            return new HostPort(ip, p);
        }
        throw new Unsupported("this NAT target is not modelled");
    }
}
