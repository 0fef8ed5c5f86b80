package dev.kpsim.emulator.experiment;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.emulator.client.Client;
import dev.kpsim.emulator.client.ConnectionLine;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.host.AgentProcess;
import dev.kpsim.emulator.host.Command;
import dev.kpsim.emulator.host.CommandResult;
import dev.kpsim.emulator.host.EmulatorException;
import dev.kpsim.emulator.host.RunScope;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.preflight.PreflightProbe;
import dev.kpsim.emulator.responder.ReplyLine;
import dev.kpsim.emulator.rules.CounterSnapshot;
import dev.kpsim.emulator.rules.DataPlaneLoader;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.emulator.topology.NodeNet;
import dev.kpsim.emulator.topology.PodNet;
import dev.kpsim.emulator.topology.Topology;
import dev.kpsim.emulator.topology.TopologyPlan;
import dev.kpsim.emulator.topology.TopologyPlanner;
import dev.kpsim.emulator.userspace.ProxyServiceSpec;
import dev.kpsim.emulator.userspace.UserspaceProxyServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One emulated world kept up for several experiments: the topology is built and the data planes are loaded
 * once, then {@link #run} sends traffic as often as needed (the hairpin mode can be switched in between). Closing
 * it removes every namespace, link and process it created; a JVM shutdown hook does the same on Ctrl-C.
 *
 * <p>Cost, measured on a 2-core machine with the hostnames example (2 nodes, 4 pods, 8 namespaces, 3 responder
 * JVMs started in parallel): building and loading take 0.4–0.7 s; the first {@link #run} from a namespace starts
 * that namespace's client JVM (about 0.2 s), which then serves every later run from there; a run costs its
 * connections (300 answered connections, 16 in flight: about 0.3 s; each unanswered one waits for its timeout) and
 * two counter reads; closing takes about 0.5 s.
 */
public final class EmulationSession implements AutoCloseable {

    private final EmulationSetup setup;
    private final RunScope scope;
    private final AgentLauncher launcher;
    private final Topology topology;
    private final Set<IpFamily> iptablesFamilies = EnumSet.noneOf(IpFamily.class);
    private final List<AgentProcess> proxies = new ArrayList<>();
    private final Map<String, AgentProcess> clients = new HashMap<>();
    private final long setupMillis;
    private long portsUsed;

    private EmulationSession(EmulationSetup setup, RunScope scope, AgentLauncher launcher) {
        this.setup = setup;
        this.scope = scope;
        this.launcher = launcher;
        long t0 = System.nanoTime();
        TopologyPlan plan = TopologyPlanner.plan(setup.cluster(), setup.nodeName(), scope.id().prefix());
        this.topology = Topology.build(plan, scope, setup.hairpinMode(), launcher);
        load();
        this.setupMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Checks the machine, builds the world and loads the data planes.
     *
     * @throws dev.kpsim.emulator.preflight.EmulationUnavailableException if the machine lacks something (nothing
     *         is created then)
     * @throws BadInputException for an unknown node or a cluster too large to emulate
     * @throws EmulatorException if a command fails (everything created so far is removed)
     */
    public static EmulationSession open(EmulationSetup setup) {
        return open(setup, PreflightProbe.probe(), AgentLauncher.current());
    }

    /** As {@link #open(EmulationSetup)} with a preflight already taken and a given launcher. */
    public static EmulationSession open(EmulationSetup setup, Preflight preflight, AgentLauncher launcher) {
        preflight.require(setup.needs());
        RunScope scope = RunScope.open();
        try {
            return new EmulationSession(setup, scope, launcher);
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    private void load() {
        String ns = topology.plan().nodeUnderTest().namespace();
        for (DataPlaneLoad d : setup.dataPlanes()) {
            if (d instanceof DataPlaneLoad.Iptables i) {
                DataPlaneLoader.loadIptables(ns, i.payload(), i.ensuredChains(), setup.backend());
                iptablesFamilies.add(i.payload().family());
            } else if (d instanceof DataPlaneLoad.IptablesText t) {
                DataPlaneLoader.loadIptablesText(ns, t.family(), t.text(), setup.backend());
                iptablesFamilies.add(t.family());
            } else if (d instanceof DataPlaneLoad.Nftables n) {
                DataPlaneLoader.loadNft(ns, n.ruleset());
            } else if (d instanceof DataPlaneLoad.UserspaceProxy u) {
                startProxy(ns, u.services());
            }
        }
    }

    private void startProxy(String ns, List<ProxyServiceSpec> services) {
        if (services.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>();
        for (ProxyServiceSpec s : services) {
            args.add("--service");
            args.add(s.format());
        }
        AgentProcess p = scope.start("userspace proxy", launcher.command(ns, UserspaceProxyServer.class, args));
        p.awaitLine(l -> l.equals("READY"), l -> l.startsWith("BIND-FAILED"), Duration.ofSeconds(30));
        proxies.add(p);
    }

    public Topology topology() {
        return topology;
    }

    public EmulationSetup setup() {
        return setup;
    }

    /** Building the topology and loading the data planes took this long. */
    public long setupMillis() {
        return setupMillis;
    }

    /** Switches kubelet's hairpin mode on every node's bridge. */
    public void hairpinMode(HairpinMode mode) {
        topology.hairpin(mode);
    }

    /** The kernel's current rule counters in the node under test (empty if no iptables data plane of {@code family}). */
    public CounterSnapshot counters(IpFamily family) {
        if (!iptablesFamilies.contains(family)) {
            return CounterSnapshot.empty();
        }
        return DataPlaneLoader.counters(topology.plan().nodeUnderTest().namespace(), family, setup.backend());
    }

    /** The namespace connections from {@code source} start in. */
    public String namespaceOf(TrafficSource source) {
        TopologyPlan plan = topology.plan();
        if (source instanceof TrafficSource.FromPod p) {
            return plan.pod(p.key()).map(PodNet::namespace).orElseThrow(() -> new BadInputException(
                    SourceLocation.UNKNOWN, "unknown-source", "pod " + p.key() + " is not emulated (no such pod, or it has no IP or node)"));
        }
        if (source instanceof TrafficSource.FromNode n) {
            return plan.node(n.name()).map(NodeNet::namespace).orElseThrow(() -> new BadInputException(
                    SourceLocation.UNKNOWN, "unknown-source", "node " + n.name() + " is not in the cluster"));
        }
        return plan.externalNamespace();
    }

    /**
     * The address connections from {@code source} to {@code destination} start from: the pod's address of that
     * family; for the node, the source the node's own routing picks for that destination ({@code ip route get}, as an
     * unbound socket would get it: the bridge address toward its pods, the uplink's address elsewhere); the external
     * client's chosen (or first) address. The client binds it explicitly, so the simulator can replay exactly the same
     * flows.
     *
     * @throws BadInputException if the source has no address of that family (or the external address is not one of
     *                           the external client's)
     */
    public IpAddress sourceAddress(TrafficSource source, IpAddress destination) {
        TopologyPlan plan = topology.plan();
        IpFamily family = destination.family();
        List<IpAddress> candidates;
        if (source instanceof TrafficSource.FromPod p) {
            candidates = plan.pod(p.key()).map(PodNet::ips).orElse(List.of());
        } else if (source instanceof TrafficSource.FromNode n) {
            NodeNet node = plan.node(n.name()).orElseThrow(() -> new BadInputException(SourceLocation.UNKNOWN, "unknown-source",
                    "node " + n.name() + " is not in the cluster"));
            Optional<IpAddress> routed = routeSource(node.namespace(), destination);
            candidates = routed.isPresent() ? List.of(routed.get()) : node.addresses();
        } else {
            IpAddress chosen = ((TrafficSource.FromExternal) source).address();
            if (chosen != null && !plan.externalAddresses().contains(chosen)) {
                throw new BadInputException(SourceLocation.UNKNOWN, "unknown-source", "the external client has no address " + chosen
                        + " (its addresses: " + plan.externalAddresses() + ")");
            }
            candidates = chosen != null ? List.of(chosen) : plan.externalAddresses();
        }
        return candidates.stream().filter(a -> a.family() == family).findFirst().orElseThrow(() -> new BadInputException(
                SourceLocation.UNKNOWN, "unknown-source", source.describe() + " has no " + family.kubernetesName() + " address"));
    }

    /** The {@code src} of {@code ip route get DST} in namespace {@code ns}, if the kernel names one. */
    private static Optional<IpAddress> routeSource(String ns, IpAddress destination) {
        CommandResult r = Command.run(List.of("ip", "-n", ns, "-o", (destination.isV4() ? "-4" : "-6"), "route", "get", destination.toString()));
        if (!r.ok()) {
            return Optional.empty();
        }
        String[] words = r.stdout().trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("src")) {
                return IpAddress.tryParse(words[i + 1]);
            }
        }
        return Optional.empty();
    }

    /**
     * Sends {@code traffic} and reports what the kernel did.
     *
     * @throws BadInputException for an unknown source
     * @throws EmulatorException if the client cannot run
     */
    public EmulationResult run(Traffic traffic) {
        String ns = namespaceOf(traffic.source());
        IpFamily family = traffic.destination().ip().family();
        IpAddress src = sourceAddress(traffic.source(), traffic.destination().ip());
        int base = traffic.sourcePortBase(portsUsed);
        portsUsed += traffic.connections();
        List<String> args = List.of("--dst", traffic.destination().ip().toString(), "--port", String.valueOf(traffic.destination().port()),
                "--proto", traffic.destination().protocol().lower(), "--count", String.valueOf(traffic.connections()),
                "--sport-base", String.valueOf(base), "--timeout-ms", String.valueOf(traffic.timeout().toMillis()),
                "--parallel", String.valueOf(traffic.parallelism()), "--src", src.toString());
        List<Integer> proxyMarks = proxies.stream().map(p -> p.lines().size()).toList();
        CounterSnapshot before = counters(family);
        long retransmitsBefore = synRetransmits(ns);
        long t0 = System.nanoTime();
        AgentProcess client = client(ns, traffic.source());
        long rounds = (traffic.connections() + traffic.parallelism() - 1) / traffic.parallelism();
        Duration bound = Duration.ofSeconds(60).plus(traffic.timeout().multipliedBy(2 * rounds + 2));
        int mark = client.lineCount();
        client.send(String.join(" ", args));
        int done = client.awaitLine(mark, l -> l.equals("done " + traffic.connections()), l -> l.startsWith("failed "), bound);
        List<String> out = client.lines().subList(mark, done);
        long trafficMillis = (System.nanoTime() - t0) / 1_000_000;
        CounterSnapshot delta = counters(family).minus(before);
        long retransmits = synRetransmits(ns) - retransmitsBefore;
        List<ConnectionRecord> records = new ArrayList<>();
        for (String line : out) {
            ConnectionLine.parse(line).ifPresent(c -> records.add(record(c)));
        }
        if (records.size() != traffic.connections()) {
            throw new EmulatorException("the client reported " + records.size() + " of " + traffic.connections() + " connections");
        }
        List<String> proxyLog = new ArrayList<>();
        for (int i = 0; i < proxies.size(); i++) {
            List<String> lines = proxies.get(i).lines();
            proxyLog.addAll(lines.subList(proxyMarks.get(i), lines.size()));
        }
        List<String> notes = new ArrayList<>(topology.plan().notes());
        notes.addAll(topology.findings());
        sourceNode(traffic.source()).filter(n -> !n.equals(topology.plan().nodeUnderTest().name())).ifPresent(n -> notes.add(
                traffic.source().describe() + " runs on node " + n + ", not on the node under test "
                        + topology.plan().nodeUnderTest().name() + ": its packets pass no loaded rules before they leave its node"));
        return EmulationResult.of(setup.nodeName(), traffic.source().describe(), src, traffic.destination(), topology.hairpinMode(),
                setup.backend(), traffic.seed(), records, delta, retransmits, proxyLog, notes, 0, trafficMillis);
    }

    /** The serving client of namespace {@code ns}, started on first use (one JVM per namespace for the session). */
    private AgentProcess client(String ns, TrafficSource source) {
        AgentProcess c = clients.get(ns);
        if (c == null || !c.isAlive()) {
            c = scope.start("client in " + source.describe(), launcher.command(ns, Client.class, List.of(Client.SERVE)));
            c.awaitLine(l -> l.equals("ready"), l -> l.startsWith("failed "), Duration.ofSeconds(30));
            clients.put(ns, c);
        }
        return c;
    }

    /** The namespace's count of TCP SYN retransmissions ({@code TcpExt TCPSynRetrans} of /proc/net/netstat), or 0. */
    static long synRetransmits(String ns) {
        CommandResult r = Command.run(Command.inNamespace(ns, List.of("cat", "/proc/net/netstat")));
        return r.ok() ? tcpExt(r.stdout(), "TCPSynRetrans") : 0;
    }

    /** One {@code TcpExt} counter of a /proc/net/netstat text (its header line names the columns of the next); 0 if absent. */
    static long tcpExt(String netstat, String name) {
        String[] lines = netstat.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("TcpExt:") && lines[i + 1].startsWith("TcpExt:")) {
                String[] keys = lines[i].trim().split("\\s+");
                String[] values = lines[i + 1].trim().split("\\s+");
                for (int k = 1; k < keys.length && k < values.length; k++) {
                    if (keys[k].equals(name)) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        return 0;
    }

    /** The node a pod or node source sits on; empty for the external client. */
    private Optional<String> sourceNode(TrafficSource source) {
        if (source instanceof TrafficSource.FromPod p) {
            return topology.plan().pod(p.key()).map(PodNet::nodeName);
        }
        if (source instanceof TrafficSource.FromNode n) {
            return Optional.of(n.name());
        }
        return Optional.empty();
    }

    private static ConnectionRecord record(ConnectionLine c) {
        ReplyLine r = c.reply();
        HostPort peer = null;
        HostPort local = null;
        String pod = "";
        if (r != null) {
            pod = r.pod();
            peer = hostPort(r.peer(), r.peerPort()).orElse(null);
            local = hostPort(r.local(), r.localPort()).orElse(null);
        }
        return new ConnectionRecord(c.index(), c.sourcePort(), c.outcome(), Verdict.of(c.outcome()), pod, peer, local, c.millis(), c.detail());
    }

    private static Optional<HostPort> hostPort(String ip, int port) {
        return IpAddress.tryParse(ip).map(a -> new HostPort(a, port));
    }

    /** What went wrong while removing this session's namespaces; empty when all is gone. Valid after {@link #close}. */
    public List<String> cleanupProblems() {
        return scope.cleanupProblems();
    }

    @Override
    public void close() {
        scope.close();
    }
}
