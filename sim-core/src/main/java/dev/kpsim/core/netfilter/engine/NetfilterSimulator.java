package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.conntrack.ConntrackTimeouts;
import dev.kpsim.core.conntrack.NetfilterState;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.TraceResult;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Linux netfilter data path of one node over an iptables {@link Ruleset}: hooks and tables in kernel order,
 * conntrack with NAT reuse, {@code recent} lists, nth counters, {@code -m set} through an {@link IpsetLookup}, and the
 * node's routing from its {@link NodeEnvironment}. Behaviour mirrors {@code net/ipv4/netfilter/ip_tables.c}
 * ({@code ipt_do_table}), {@code net/netfilter/nf_nat_core.c} and the {@code xt_*} match modules; see
 * {@link PacketWalk} for the path and {@link CompiledRuleset} for the (first-match-preserving) chain index.
 *
 * <p>Choices: a {@code statistic --mode random} rule matches with exactly {@code kernelValue / 2^31}; a seeded
 * {@code trace} draws 31 bits per such rule from the state's random source. {@code statistic --mode nth},
 * {@code recent} and conntrack are deterministic given the state, so {@code outcomes} predicts the next packet.
 * A construct kpsim does not model is assumed to match (to continue, for a target) by {@code trace}, and splits the
 * path's probability evenly in {@code outcomes}; either way the outcome is marked uncertain.
 *
 * <p>A {@link PacketInterceptor} (see {@link #withInterceptor}) lets a kernel subsystem or a local socket take packets
 * over at the points Linux offers (IPVS between filter and nat at LOCAL_IN and LOCAL_OUT, a proxy's listening socket
 * after LOCAL_IN); a simulator without one pays a null check per point.
 *
 * <p>Immutable; all changing state lives in the caller's {@link SimulationState} (per node name), so one simulator
 * can serve parallel runs with separate states. {@code trace} costs one walk (with the index, O(rules that can match)
 * per chain; linear, O(rules)); {@code outcomes} costs one walk per distinct path.
 */
public final class NetfilterSimulator implements dev.kpsim.core.engine.Simulator {
    /** Exploring more paths than this is refused (a ruleset with that many independent random branches). */
    public static final int MAX_PATHS = 1_000_000;

    private final CompiledRuleset compiled;
    private final NodeEnvironment env;
    private final Map<IpAddress, String> extraLocal;
    private final Interfaces net;
    private final IpsetLookup ipsets;
    private final ConntrackTimeouts timeouts;
    private final boolean recordHops;
    private final PacketInterceptor interceptor;
    private final int interceptPoints;

    private NetfilterSimulator(CompiledRuleset compiled, NodeEnvironment env, Map<IpAddress, String> extraLocal,
                               IpsetLookup ipsets, ConntrackTimeouts timeouts, boolean recordHops,
                               PacketInterceptor interceptor) {
        this.compiled = compiled;
        this.env = env;
        this.extraLocal = extraLocal;
        this.net = new Interfaces(env, extraLocal);
        this.ipsets = ipsets;
        this.timeouts = timeouts;
        this.recordHops = recordHops;
        this.interceptor = interceptor;
        int bits = 0;
        if (interceptor != null) {
            for (PacketInterceptor.Point p : interceptor.points()) {
                bits |= 1 << p.ordinal();
            }
        }
        this.interceptPoints = bits;
    }

    /**
     * A simulator over {@code ruleset} on the node described by {@code env}, with the compiled fast path, no ipsets,
     * kernel-default conntrack timeouts, and hops recorded.
     *
     * @throws BadInputException if the ruleset jumps to a missing or built-in chain or has a loop of jumps
     */
    public static NetfilterSimulator of(Ruleset ruleset, NodeEnvironment env) {
        return new NetfilterSimulator(CompiledRuleset.compile(ruleset), env, Map.of(), IpsetLookup.NONE,
                ConntrackTimeouts.kernelDefaults(), true, null);
    }

    /** A simulator over an already compiled ruleset (linear or indexed). */
    public static NetfilterSimulator of(CompiledRuleset compiled, NodeEnvironment env) {
        return new NetfilterSimulator(compiled, env, Map.of(), IpsetLookup.NONE, ConntrackTimeouts.kernelDefaults(), true,
                null);
    }

    /** The same simulator answering {@code -m set} from {@code lookup}. */
    public NetfilterSimulator withIpsets(IpsetLookup lookup) {
        return new NetfilterSimulator(compiled, env, extraLocal, lookup, timeouts, recordHops, interceptor);
    }

    /**
     * The same simulator with a {@link PacketInterceptor} (IPVS, a proxy's listening socket) consulted at the points it
     * asks for; null for none.
     */
    public NetfilterSimulator withInterceptor(PacketInterceptor i) {
        return new NetfilterSimulator(compiled, env, extraLocal, ipsets, timeouts, recordHops, i);
    }

    /**
     * The same simulator with more addresses of the node's own, bound to other devices than the environment knows
     * (IPVS mode's {@code kube-ipvs0}, which holds every ClusterIP): routed locally and of type LOCAL for
     * {@code addrtype}, never an interface's primary address.
     *
     * @param addresses address → device name
     */
    public NetfilterSimulator withLocalAddresses(Map<IpAddress, String> addresses) {
        return new NetfilterSimulator(compiled, env, Map.copyOf(addresses), ipsets, timeouts, recordHops, interceptor);
    }

    /** The same simulator with other conntrack timeouts (e.g. {@link ConntrackTimeouts#from} a ProxyConfig). */
    public NetfilterSimulator withTimeouts(ConntrackTimeouts t) {
        return new NetfilterSimulator(compiled, env, extraLocal, ipsets, t, recordHops, interceptor);
    }

    /** The same simulator recording hops or not (not recording is the fast path for large sampled runs). */
    public NetfilterSimulator withHops(boolean record) {
        return new NetfilterSimulator(compiled, env, extraLocal, ipsets, timeouts, record, interceptor);
    }

    /** The same simulator over the linear reference interpreter (no chain index). */
    public NetfilterSimulator linear() {
        return compiled.isLinear() ? this
                : new NetfilterSimulator(CompiledRuleset.linear(compiled.source()), env, extraLocal, ipsets, timeouts,
                        recordHops, interceptor);
    }

    public CompiledRuleset compiled() {
        return compiled;
    }

    public NodeEnvironment environment() {
        return env;
    }

    /** OUTPUT if the packet's source is the node's own (node address, loopback, bridge address), else PREROUTING. */
    public EntryPoint defaultEntry(Packet packet) {
        return net.isNodeAddress(packet.source()) ? EntryPoint.OUTPUT : EntryPoint.PREROUTING;
    }

    @Override
    public Outcome trace(Packet packet, EntryPoint entry, SimulationState state) {
        checkFamily(packet);
        NetfilterState ns = NetfilterState.of(state, env.nodeName());
        return new PacketWalk(compiled, net, ipsets, timeouts, new SeededDecider(state.random()), KernelAccess.direct(ns),
                ns.conntrack(), state.nowMillis(), recordHops, true, packet, hooks(state)).run(entry);
    }

    @Override
    public List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state) {
        return outcomes(packet, entry, state, MAX_PATHS);
    }

    /** {@link #outcomes} refusing a packet with more than {@code maxPaths} paths ({@code too-many-branches}). */
    List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state, int maxPaths) {
        checkFamily(packet);
        NetfilterState ns = NetfilterState.of(state, env.nodeName());
        Deque<boolean[]> pending = new ArrayDeque<>();
        pending.push(new boolean[0]);
        Map<EndKey, Outcome> merged = new LinkedHashMap<>();
        int paths = 0;
        while (!pending.isEmpty()) {
            if (++paths > maxPaths) {
                throw new BadInputException(SourceLocation.ofFile("<ruleset>"), "too-many-branches",
                        "the packet has more than " + maxPaths + " possible paths through the ruleset");
            }
            ScriptedDecider d = new ScriptedDecider(pending.pop(), pending);
            Outcome o = new PacketWalk(compiled, net, ipsets, timeouts, d, KernelAccess.copyOnWrite(ns), ns.conntrack(),
                    state.nowMillis(), recordHops, false, packet, hooks(state)).run(entry);
            EndKey k = new EndKey(o.verdict(), o.destination(), o.masquerade(), o.uncertain());
            Outcome prev = merged.get(k);
            merged.put(k, prev == null ? o : prev.withProbability(prev.probability() + o.probability()));
        }
        List<Outcome> out = new ArrayList<>(merged.values());
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /**
     * The rules the kernel evaluates for {@code packet} in the current state, over every path (as {@link #outcomes}
     * explores them; the state is not changed): the cost of its linear chain walks. A new connection's first packet
     * pays for the nat table; later packets of a tracked connection do not. With an interceptor, a packet it sends
     * out again is counted through OUTPUT and POSTROUTING; the new connection of a hand-off (a proxy's second leg)
     * is not.
     */
    public RuleWalkCost walkCost(Packet packet, EntryPoint entry, SimulationState state) {
        checkFamily(packet);
        NetfilterState ns = NetfilterState.of(state, env.nodeName());
        Deque<boolean[]> pending = new ArrayDeque<>();
        pending.push(new boolean[0]);
        double expected = 0;
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        int paths = 0;
        while (!pending.isEmpty()) {
            if (++paths > MAX_PATHS) {
                throw new BadInputException(SourceLocation.ofFile("<ruleset>"), "too-many-branches",
                        "the packet has more than " + MAX_PATHS + " possible paths through the ruleset");
            }
            ScriptedDecider d = new ScriptedDecider(pending.pop(), pending);
            PacketWalk w = new PacketWalk(compiled, net, ipsets, timeouts, d, KernelAccess.copyOnWrite(ns), ns.conntrack(),
                    state.nowMillis(), false, false, packet, hooks(state));
            w.walk(entry);
            expected += d.probability() * w.rulesEvaluated;
            fewest = Math.min(fewest, w.rulesEvaluated);
            most = Math.max(most, w.rulesEvaluated);
        }
        return new RuleWalkCost(expected, fewest, most, paths);
    }

    @Override
    public NetfilterSimulator withoutHops() {
        return withHops(false);
    }

    /** {@link #trace} wrapped with its packet, entry and node. */
    public TraceResult traceResult(Packet packet, EntryPoint entry, SimulationState state) {
        return new TraceResult(packet, entry, env.nodeName(), List.of(trace(packet, entry, state)));
    }

    /** {@link #outcomes} wrapped with its packet, entry and node. */
    public TraceResult outcomesResult(Packet packet, EntryPoint entry, SimulationState state) {
        return new TraceResult(packet, entry, env.nodeName(), outcomes(packet, entry, state));
    }

    private PacketWalk.Hooks hooks(SimulationState state) {
        return interceptor == null ? null : new PacketWalk.Hooks(interceptor, interceptPoints, state, env.nodeName());
    }

    private void checkFamily(Packet p) {
        if (p.source().family() != compiled.family()) {
            throw new BadInputException(SourceLocation.ofFile("<packet>"), "family-mismatch", "the packet is "
                    + p.source().family().kubernetesName() + " but the ruleset is " + compiled.family().kubernetesName()
                    + " (iptables and ip6tables never see each other's packets)");
        }
    }

    /** How outcomes end, for merging (as {@link Outcome#sameEnd}). */
    private record EndKey(Verdict verdict, HostPort destination, boolean masquerade, boolean uncertain) {
    }

    /** Destination (address, then port; none last), then verdict, masquerade, uncertainty. */
    static final Comparator<Outcome> ORDER = (a, b) -> {
        HostPort x = a.destination();
        HostPort y = b.destination();
        if (x == null || y == null) {
            if (x != y) {
                return x == null ? 1 : -1;
            }
        } else {
            int c = x.ip().compareTo(y.ip());
            if (c == 0) {
                c = Integer.compare(x.port(), y.port());
            }
            if (c != 0) {
                return c;
            }
        }
        int c = a.verdict().compareTo(b.verdict());
        if (c == 0) {
            c = Boolean.compare(a.masquerade(), b.masquerade());
        }
        return c != 0 ? c : Boolean.compare(a.uncertain(), b.uncertain());
    };
}
