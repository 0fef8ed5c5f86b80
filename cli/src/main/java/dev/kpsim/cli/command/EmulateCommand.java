package dev.kpsim.cli.command;

import dev.kpsim.cli.render.EmulateRenderer;
import dev.kpsim.cli.support.ExpectationFailedException;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.Modes;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.compare.Agreement;
import dev.kpsim.emulator.compare.AgreementReport;
import dev.kpsim.emulator.compare.AgreementRequest;
import dev.kpsim.emulator.compare.Frontend;
import dev.kpsim.emulator.compare.Frontends;
import dev.kpsim.emulator.experiment.TrafficSource;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.host.EmulatorException;
import dev.kpsim.emulator.host.LeftoverCleanup;
import dev.kpsim.emulator.preflight.Capability;
import dev.kpsim.emulator.preflight.EmulationUnavailableException;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.preflight.PreflightProbe;
import dev.kpsim.emulator.rules.IptablesBackend;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kpsim emulate}: loads the data plane a mode generates into the real Linux kernel (network namespaces kpsim
 * creates and removes), makes real connections, and compares where they ended with the simulator's prediction for the
 * same flows. Exit 0 when kernel and simulator agree, 3 when they disagree, 2 when the machine cannot run it.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the data plane in the real kernel and compare it with the simulator.",
                "%nBuilds the cluster in network namespaces on this machine (root), loads exactly what 'kpsim generate' prints into the node under test, opens N real connections per frontend and client, and prints the kernel's counts per endpoint beside the simulator's exact probabilities, a chi-square test, the verdicts, and (iptables) the kernel's rule counters beside the simulator's rule hits. Then every pod backing a service connects to its own service under each kubelet hairpin mode. Exit 0: agreement; 3: a disagreement (printed); 2: this machine cannot run it (the message says what is missing).%n"})
public final class EmulateCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Option(names = "--mode", paramLabel = "MODE", description = "iptables, nftables or userspace (default: the configuration's mode).")
    String mode;

    @Option(names = "--service", paramLabel = "NS/NAME[:PORT]", description = "Emulate this service's frontends only (default: every service).")
    String service;

    @Option(names = "--dst", paramLabel = "IP:PORT", description = "Emulate connections to this address instead of the services' frontends.")
    String dst;

    @Option(names = "--proto", paramLabel = "PROTO", defaultValue = "tcp", description = "With --dst: tcp or udp (default: ${DEFAULT-VALUE}).")
    String proto;

    @Option(names = "--from", paramLabel = "CLIENT",
            description = "Only this client: pod/NS/NAME, node (the node under test) or external (default: a local pod, a remote pod where it reaches the node, the node, the external client inside and outside source ranges).")
    String from;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "100", description = "Real connections per frontend and client (default: ${DEFAULT-VALUE}, at most 5000).")
    int connections;

    @Option(names = "--hairpin-mode", paramLabel = "MODE", defaultValue = "hairpin-veth",
            description = "kubelet's hairpin mode for the bridges: hairpin-veth, promiscuous-bridge or none (default: ${DEFAULT-VALUE}); the hairpin experiment tries all three.")
    String hairpinMode;

    @Option(names = "--no-hairpin", description = "Skip the hairpin experiment.")
    boolean noHairpin;

    @Option(names = "--iptables", paramLabel = "BACKEND", defaultValue = "nft", description = "iptables backend: legacy or nft (default: ${DEFAULT-VALUE}).")
    String iptables;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "900",
            description = "Per-connection timeout (default: ${DEFAULT-VALUE}: below the kernel's 1 s SYN retransmission, so each connection is one endpoint choice).")
    int timeoutMs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the source ports and the simulator's choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Option(names = "--preflight", description = "Only report what this machine offers the emulator (exit 2 if something the run needs is missing).")
    boolean preflight;

    @Option(names = "--cleanup", description = "Only remove network namespaces left behind by emulation runs that were killed.")
    boolean cleanup;

    @Option(names = "--force", description = "With --cleanup: also remove namespaces of runs whose kpsim process is still alive.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IptablesBackend backend = IptablesBackend.parse(iptables).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--iptables must be legacy or nft, not '" + iptables + "'"));
        if (cleanup) {
            return cleanup(out, err);
        }
        if (preflight) {
            return preflight(out, backend);
        }
        HairpinMode hairpin = HairpinMode.parse(hairpinMode).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--hairpin-mode must be hairpin-veth, promiscuous-bridge or none, not '" + hairpinMode + "'"));
        if (service != null && dst != null) {
            throw new ParameterException(spec.commandLine(), "give --service or --dst, not both");
        }
        if (timeoutMs < 100 || timeoutMs > 30_000) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must be within 100-30000, not " + timeoutMs);
        }
        Session s = Session.load(input, mode, err);
        String modeName = s.config().mode();
        if (modeName.equals("ipvs")) {
            Preflight pf = PreflightProbe.probe();
            if (!pf.has(Capability.IPVS)) {
                err.println("kpsim: emulate: " + Preflight.IPVS_UNAVAILABLE + " (/proc/net/ip_vs does not exist; try --mode iptables or nftables)");
                return 2;
            }
            err.println("kpsim: emulate: the emulator does not load IPVS data planes (ipvsadm); try --mode iptables or nftables");
            return 2;
        }
        ProxyMode m;
        try {
            m = Modes.named(modeName);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String node = s.node(Optional.empty());
        DataPlane dp = m.generate(s.proxyInput(node));
        s.printNotes(dp.notes());
        List<Frontend> frontends = dst != null ? List.of(Frontends.address(destination(), protocol()))
                : Frontends.of(s.proxyInput(node), Optional.ofNullable(service));
        Optional<TrafficSource> client = Optional.ofNullable(from).map(f -> TrafficSource.parse(f, node));
        AgreementRequest req = new AgreementRequest(s.proxyInput(node), dp, frontends, client, connections, hairpin,
                !noHairpin && dst == null, backend, seed, Duration.ofMillis(timeoutMs));
        AgreementReport report;
        try {
            report = Agreement.run(req, PreflightProbe.probe(), AgentLauncher.current(), line -> {
                err.println("kpsim: emulate: " + line);
                err.flush();
            });
        } catch (EmulationUnavailableException e) {
            err.println("kpsim: emulate: this machine cannot run the emulation:");
            e.reasons().forEach(r -> err.println("  - " + r));
            return 2;
        } catch (EmulatorException e) {
            err.println("kpsim: emulate: " + e.getMessage());
            return 1;
        }
        out.print(output == OutputFormat.json ? EmulateRenderer.json(report) : EmulateRenderer.text(report));
        out.flush();
        if (!report.agrees()) {
            throw new ExpectationFailedException("emulate: kernel and simulator disagree on " + report.disagreeing().size()
                    + " of " + (report.cells().size() + report.hairpin().size()) + " cells");
        }
        return 0;
    }

    private int cleanup(PrintWriter out, PrintWriter err) {
        Preflight pf = PreflightProbe.probe();
        List<String> missing = pf.missing(EnumSet.of(Capability.ROOT, Capability.IP));
        if (!missing.isEmpty()) {
            err.println("kpsim: emulate: cannot clean up:");
            missing.forEach(r -> err.println("  - " + r));
            return 2;
        }
        LeftoverCleanup.Report r = LeftoverCleanup.run(force);
        r.removed().forEach(ns -> out.println("removed " + ns));
        r.skippedLive().forEach(ns -> out.println("kept " + ns + " (its kpsim process is still running; --force removes it)"));
        r.problems().forEach(p -> err.println("kpsim: emulate: " + p));
        if (r.removed().isEmpty() && r.skippedLive().isEmpty() && r.problems().isEmpty()) {
            out.println("no namespaces left behind by kpsim");
        }
        return r.problems().isEmpty() ? 0 : 1;
    }

    private int preflight(PrintWriter out, IptablesBackend backend) {
        Preflight pf = PreflightProbe.probe();
        pf.describe().forEach(out::println);
        Set<Capability> needed = EnumSet.of(Capability.ROOT, Capability.IP, Capability.NETNS, Capability.SYSCTL,
                Capability.BR_NETFILTER, backend.capability(IpFamily.IPV4));
        List<String> missing = pf.missing(needed);
        if (missing.isEmpty()) {
            out.println("the emulator can run here (iptables-" + backend.flag() + " backend)");
            return 0;
        }
        out.println("the emulator cannot run here: " + String.join("; ", missing));
        return 2;
    }

    private Protocol protocol() {
        return switch (proto.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            default -> throw new ParameterException(spec.commandLine(), "--proto must be tcp or udp, not '" + proto + "'");
        };
    }

    private HostPort destination() {
        try {
            return HostPort.parse(dst);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(SourceLocation.ofFile("kpsim"), "bad-destination",
                    "--dst '" + dst + "' is not IP:PORT or [IPv6]:PORT (" + e.getMessage() + ")");
        }
    }
}
