package dev.kpsim.emulator.compare;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.engine.path.NodePathSimulator;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.netfilter.engine.EntryPoints;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.save.KernelRulesets;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.emulator.experiment.ConnectionRecord;
import dev.kpsim.emulator.experiment.DataPlaneLoad;
import dev.kpsim.emulator.experiment.Destination;
import dev.kpsim.emulator.experiment.EmulationResult;
import dev.kpsim.emulator.experiment.EmulationSession;
import dev.kpsim.emulator.experiment.EmulationSetup;
import dev.kpsim.emulator.experiment.Traffic;
import dev.kpsim.emulator.experiment.TrafficSource;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.topology.NodeNet;
import dev.kpsim.emulator.topology.PodNet;
import dev.kpsim.emulator.topology.TopologyPlan;
import dev.kpsim.emulator.userspace.PickLine;
import dev.kpsim.mode.userspace.UserspaceDataPlane;
import dev.kpsim.mode.userspace.proxier.ConnectionResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code kpsim emulate}: builds the emulated cluster, loads the data plane a mode generated into the node under test,
 * and for every cell — a frontend tried from a client, under a hairpin mode — makes N real connections and compares
 * where they ended with the simulator's exact predictions for the very same flows ({@link CellComparison}). Then the
 * hairpin experiment: each pod on the node that backs a targeted service connects to its own ClusterIP under all
 * three kubelet hairpin modes. Everything the run created is removed before it returns, whatever happens.
 *
 * <p>iptables and nftables data planes are predicted by the mode's simulator with the node's bridge and routes
 * ({@link NodePathSimulator}); the historical userspace mode by kpsim's userspace proxier fed the real proxy's clients
 * in the real proxy's order ({@link UserspaceReplay}), so the two are compared connection by connection.
 *
 * <p>Cost: one topology (about a second), then per cell one client JVM start plus the connections; a connection
 * without an answer costs the timeout (900 ms), shared by up to 64 in flight.
 */
public final class Agreement {

    /** Connections in flight at once when the connections do not influence each other. */
    static final int MAX_PARALLEL = 64;

    private Agreement() {
    }

    /**
     * Runs the comparison.
     *
     * @param progress told what is being done, one line per cell (for standard error on long runs)
     * @throws dev.kpsim.emulator.preflight.EmulationUnavailableException if the machine lacks something
     * @throws dev.kpsim.core.diag.BadInputException for a mode the emulator cannot load or an unknown node or source
     * @throws dev.kpsim.emulator.host.EmulatorException if the machine fails mid-way
     */
    public static AgreementReport run(AgreementRequest req, Preflight preflight, AgentLauncher launcher, Consumer<String> progress) {
        long t0 = System.nanoTime();
        List<DataPlaneLoad> loads = GeneratedLoads.of(req.dataPlane());
        String node = req.input().nodeName();
        EmulationSetup setup = new EmulationSetup(req.input().cluster(), node, loads, req.backend(), req.hairpinMode());
        List<CellReport> cells = new ArrayList<>();
        List<CellReport> hairpin = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long setupMillis;
        EmulationSession session = EmulationSession.open(setup, preflight, launcher);
        try {
            setupMillis = session.setupMillis();
            Run run = new Run(req, session, progress);
            TopologyPlan plan = session.topology().plan();
            List<Runnable> queuedCells = new ArrayList<>();
            for (Frontend f : req.frontends()) {
                for (Client c : Clients.of(plan, f, req.from(), skipped)) {
                    queuedCells.add(() -> cells.add(run.cell(f, c, req.hairpinMode(), false)));
                }
            }
            List<Runnable> queuedHairpinCells = new ArrayList<>();
            if (req.hairpinExperiment()) {
                for (Frontend f : req.frontends()) {
                    if (f.kind() != Frontend.Kind.CLUSTER_IP) {
                        continue;
                    }
                    for (Client c : backingPods(plan, f, req.from())) {
                        for (HairpinMode m : HairpinMode.values()) {
                            queuedHairpinCells.add(() -> hairpin.add(run.cell(f, c, m, true)));
                        }
                    }
                }
            }
            run.total = queuedCells.size() + queuedHairpinCells.size();
            queuedCells.forEach(Runnable::run);
            try {
                queuedHairpinCells.forEach(Runnable::run);
            } finally {
                session.hairpinMode(req.hairpinMode());
            }
            notes.addAll(plan.notes());
            notes.addAll(session.topology().findings());
        } finally {
            session.close();
        }
        notes.addAll(session.cleanupProblems());
        return new AgreementReport(node, req.dataPlane().mode(), req.backend(), req.seed(), req.connections(), cells, hairpin,
                skipped, notes, setupMillis, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The pods on the node under test whose addresses back {@code f}, as clients (only the one asked for, if any). */
    static List<Client> backingPods(TopologyPlan plan, Frontend f, Optional<TrafficSource> from) {
        List<Client> out = new ArrayList<>();
        for (PodNet p : plan.podsOn(plan.nodeUnderTest().name())) {
            if (p.hostNetwork()) {
                continue;
            }
            for (IpAddress ip : p.ips()) {
                if (ip.family() == f.address().ip().family() && f.endpoints().contains(ip)) {
                    TrafficSource.FromPod src = podSource(p);
                    if (from.isEmpty() || from.get().equals(src)) {
                        out.add(new Client(Client.Kind.LOCAL_POD, src, ip, "backing pod " + p.key() + " (" + ip + ")"));
                    }
                    break;
                }
            }
        }
        return out;
    }

    private static TrafficSource.FromPod podSource(PodNet p) {
        int slash = p.key().indexOf('/');
        return new TrafficSource.FromPod(p.key().substring(0, slash), p.key().substring(slash + 1));
    }

    /** The state of one run: the session, the simulators, the userspace replay. */
    private static final class Run {
        final AgreementRequest req;
        final EmulationSession session;
        final Consumer<String> progress;
        final NodeEnvironment env;
        final Set<IpAddress> nodeOwned = new HashSet<>();
        final NodePathSimulator simulator;
        final UserspaceReplay userspace;
        final Simulator portals;
        final History history;
        int total;
        int done;

        Run(AgreementRequest req, EmulationSession session, Consumer<String> progress) {
            this.req = req;
            this.session = session;
            this.progress = progress;
            this.env = NodeEnvironment.of(req.input().cluster(), req.input().nodeName());
            this.history = new History(req.seed());
            NodeNet under = session.topology().plan().nodeUnderTest();
            nodeOwned.addAll(under.addresses());
            under.gateways().forEach(g -> nodeOwned.add(g.ip()));
            DataPlane dp = req.dataPlane();
            if (dp instanceof UserspaceDataPlane us) {
                this.userspace = new UserspaceReplay(us.proxier());
                this.portals = NetfilterSimulator.of(KernelRulesets.afterRestore(us.payload(), List.of(), "<userspace portals>"), env);
                this.simulator = null;
            } else {
                Simulator s = dp.simulator(env).orElseThrow(() -> new IllegalArgumentException(dp.mode() + " cannot be simulated"));
                this.simulator = s instanceof NodePathSimulator n ? n : NodePathSimulator.wrap(s, env);
                this.userspace = null;
                this.portals = null;
            }
        }

        CellReport cell(Frontend f, Client planned, HairpinMode mode, boolean hairpin) {
            done++;
            // the address the session's client binds (the node's routing may pick another of its addresses)
            IpAddress bound = session.sourceAddress(planned.source(), f.address().ip());
            Client c = bound.equals(planned.address()) ? planned
                    : new Client(planned.kind(), planned.source(), bound, planned.label().replace(planned.address().toString(), bound.toString()));
            progress.accept("[" + done + "/" + total + "] " + f.describe() + " from " + c.label()
                    + (hairpin || mode != req.hairpinMode() ? " (hairpin mode " + mode.flag() + ")" : ""));
            session.hairpinMode(mode);
            Categories cats = new Categories(session.topology().plan(), f.protocol());
            List<String> notes = new ArrayList<>();
            Packet first = Packet.of(f.protocol(), new HostPort(c.address(), 40000), f.address());
            EntryPoint entry = EntryPoints.defaultFor(first, env);
            Destination dst = new Destination(f.address().ip(), f.address().port(), f.protocol());
            int n = req.connections();
            if (userspace != null) {
                Traffic t = new Traffic(c.source(), dst, n, Math.min(n, MAX_PARALLEL), req.timeout(), req.seed());
                EmulationResult r = session.run(t);
                List<String> observed = r.connections().stream().map(cats::of).toList();
                List<PickLine> picks = r.proxyLog().stream().flatMap(l -> PickLine.parse(l).stream()).toList();
                r.proxyLog().stream().filter(l -> l.startsWith("dial-failed")).forEach(l -> notes.add("the real proxy: " + l));
                Map<Integer, ConnectionResult> chosen = userspace.replay(picks, notes);
                List<List<Outcome>> predicted = new ArrayList<>();
                for (ConnectionRecord rec : r.connections()) {
                    Packet p = first.withSource(c.address(), rec.sourcePort());
                    List<Outcome> portal = portals.outcomes(p, entry, new SimulationState(req.seed()));
                    ConnectionResult pick = chosen.get(rec.sourcePort());
                    if (pick == null || portal.size() != 1 || portal.get(0).verdict() != Verdict.ACCEPT) {
                        predicted.add(portal);
                        continue;
                    }
                    List<Step> secondLeg = pick.outbound().map(leg -> portals.outcomes(Packet.of(leg.protocol(), leg.source(),
                            leg.destination()), EntryPoint.OUTPUT, new SimulationState(req.seed())).get(0).hops()).orElse(List.of());
                    predicted.add(List.of(UserspaceReplay.outcome(portal.get(0), pick, secondLeg)));
                }
                return CellComparison.compare(f, c, mode, hairpin, r, observed, predicted, cats::of, nodeOwned, notes);
            }
            Predictor predictor = new Predictor(simulator.withHairpinMode(mode), entry, cats::of, req.seed(), history);
            boolean dependent = predictor.historyDependent(first, first.withSource(first.source(), 40001));
            if (dependent) {
                notes.add("connections depend on earlier ones (ClientIP affinity): they were made one at a time until the next "
                        + "could go only one way, and each is predicted from the state the earlier ones of this run left, as the "
                        + "kernel remembers them");
            }
            if (!dependent) {
                EmulationResult r = session.run(new Traffic(c.source(), dst, n, Math.min(n, MAX_PARALLEL), req.timeout(), req.seed()));
                List<String> observed = r.connections().stream().map(cats::of).toList();
                return CellComparison.compare(f, c, mode, hairpin, r, observed, predictor.independent(first, n), cats::of,
                        nodeOwned, notes);
            }
            // one connection at a time while the next one can still go more than one way; the rest at once
            List<EmulationResult> parts = new ArrayList<>();
            List<String> observed = new ArrayList<>();
            List<List<Outcome>> predicted = new ArrayList<>();
            for (int left = n; left > 0; ) {
                int k = predictor.settled(first) ? left : 1;
                EmulationResult part = session.run(new Traffic(c.source(), dst, k, Math.min(k, MAX_PARALLEL), req.timeout(), req.seed()));
                List<String> obs = part.connections().stream().map(cats::of).toList();
                List<Packet> packets = part.connections().stream().map(rec -> first.withSource(c.address(), rec.sourcePort())).toList();
                predicted.addAll(predictor.conditioned(packets, obs, notes));
                observed.addAll(obs);
                parts.add(part);
                left -= k;
            }
            return CellComparison.compare(f, c, mode, hairpin, EmulationResult.concat(parts), observed, predicted, cats::of,
                    nodeOwned, notes);
        }
    }
}
