package dev.kpsim.cli.command;

import dev.kpsim.cli.render.DistributionRenderer;
import dev.kpsim.cli.render.DistributionRenderer.FrontendRun;
import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.PacketOptions;
import dev.kpsim.cli.support.ProgressBar;
import dev.kpsim.cli.support.Session;
import dev.kpsim.cli.support.SimulationTarget;
import dev.kpsim.core.analysis.distribution.DistributionReport;
import dev.kpsim.core.analysis.distribution.ConnectionTiming;
import dev.kpsim.core.analysis.distribution.DistributionRun;
import dev.kpsim.core.analysis.distribution.TimeDistribution;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.EntryPoints;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kpsim simulate}: many new connections, how they spread, and whether that matches the exact shares. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send many connections and compare the spread with the exact shares.",
                "%nSends N new connections to a frontend (default: every frontend of every service) and shows, per endpoint, the exact probability kube-proxy's rules give, the observed count and share with a 95%% interval, and a chi-square test of observed against exact. For a deterministic scheduler (IPVS, the userspace round robin) the exact share is that of the sequence of connections. Same seed, same output.%n"})
public final class SimulateCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    PacketOptions packet;

    @Mixin
    DumpOptions dumps;

    @Option(names = "--service", paramLabel = "NS/NAME[:PORT]", description = "Simulate this service's ClusterIP frontends only.")
    String service;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "iptables, ipvs, nftables or userspace (default: the configuration's mode).")
    String mode;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "10000", description = "New connections per frontend (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--connection-interval", paramLabel = "DIST",
            description = "Time between connection starts: fixed:100ms or exp:100ms (Poisson arrivals); default all at once.")
    String interval;

    @Option(names = "--connection-duration", paramLabel = "DIST",
            description = "How long each connection stays open: fixed:10s or exp:10s (seeded); IPVS lc/wlc/sed/nq count open connections. Default: only first packets are sent.")
    String duration;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    /** A frontend to send connections to. */
    record Frontend(Protocol protocol, HostPort address, String description) {
    }

    @Override
    public Integer call() {
        if (connections < 1 || connections > 100_000_000) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "bad-count", "--connections must be within 1-100000000, was " + connections);
        }
        var err = spec.commandLine().getErr();
        Optional<HostPort> src = packet.source();
        SimulationTarget t = SimulationTarget.resolve(input, dumps, mode, src.map(HostPort::ip), err);
        List<Frontend> frontends = frontends(t);
        long total = (long) frontends.size() * connections;
        ProgressBar bar = new ProgressBar(err, frontends.size() == 1 ? frontends.get(0).address().toString()
                : String.format(Locale.ROOT, "simulating %,d frontends", frontends.size()));
        ConnectionTiming timing = new ConnectionTiming(
                interval == null ? TimeDistribution.ZERO : TimeDistribution.parse(interval, "--connection-interval"),
                duration == null ? null : TimeDistribution.parse(duration, "--connection-duration"));
        Simulator sampler = t.simulator().withoutHops();
        List<FrontendRun> runs = new ArrayList<>();
        java.util.Map<IpFamily, HostPort> defaultSources = new java.util.EnumMap<>(IpFamily.class);
        long sent = 0;
        for (Frontend f : frontends) {
            HostPort from = src.orElseGet(() -> defaultSources.computeIfAbsent(f.address().ip().family(),
                    fam -> Sources.defaultSource(t, fam, err)));
            Packet p = Packet.of(f.protocol(), from, f.address());
            EntryPoint entry = packet.entryPoint().orElse(EntryPoints.defaultFor(p, t.environment()));
            long before = sent;
            DistributionReport r = DistributionRun.simulate(sampler, p, entry, connections, seed, timing,
                    (done, n) -> bar.update(before + done, total));
            sent += connections;
            runs.add(new FrontendRun(f.address() + "/" + f.protocol().name(), f.description(), r));
        }
        bar.update(total, total);
        var out = spec.commandLine().getOut();
        out.print(output == OutputFormat.json ? DistributionRenderer.json(runs)
                : DistributionRenderer.text(runs, t.session().map(Session::cluster), timing));
        out.flush();
        return 0;
    }

    private List<Frontend> frontends(SimulationTarget t) {
        if (packet.destination().isPresent()) {
            return List.of(new Frontend(packet.protocol(), packet.destination().get(), ""));
        }
        Session s = t.session().orElseThrow(() -> new BadInputException(SourceLocation.ofFile("kpsim"), "no-target",
                "without a cluster description, give the frontend with --dst IP:PORT"));
        List<Frontend> out = new ArrayList<>();
        boolean matched = false;
        for (IpFamily family : IpFamily.values()) {
            NodeProxyView view = s.proxyInput(t.nodeName()).view(family);
            for (ServicePortEntry e : view.servicePorts()) {
                ServicePortInfo i = e.info();
                if (service != null && !matchesService(i)) {
                    continue;
                }
                matched = true;
                String name = i.name().toString();
                out.add(new Frontend(i.protocol(), new HostPort(i.clusterIp(), i.port()), name + " cluster IP"));
                if (service != null) {
                    continue;
                }
                for (IpAddress ip : i.externalIps()) {
                    out.add(new Frontend(i.protocol(), new HostPort(ip, i.port()), name + " external IP"));
                }
                for (IpAddress ip : i.loadBalancerVips()) {
                    out.add(new Frontend(i.protocol(), new HostPort(ip, i.port()), name + " load-balancer IP"));
                }
                if (i.nodePort() != 0) {
                    for (IpAddress ip : view.nodeIps()) {
                        out.add(new Frontend(i.protocol(), new HostPort(ip, i.nodePort()), name + " node port on " + t.nodeName()));
                    }
                }
            }
        }
        if (service != null && !matched) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "unknown-service", "no service port '" + service
                    + "' on node " + t.nodeName() + " (services are named namespace/name or namespace/name:port)");
        }
        if (out.isEmpty()) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "no-target", "the cluster has no service frontends to simulate; give --dst IP:PORT");
        }
        return out;
    }

    private boolean matchesService(ServicePortInfo i) {
        String key = i.name().serviceKey();
        return service.equals(key) || service.equals(i.name().toString()) || service.equals(key + ":" + i.name().port());
    }
}
