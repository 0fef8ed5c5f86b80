package dev.kpsim.cli.command;

import dev.kpsim.cli.support.DumpOptions;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.PacketOptions;
import dev.kpsim.cli.support.SimulationTarget;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.netfilter.engine.EntryPoints;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.TraceResult;
import dev.kpsim.core.trace.render.TraceJsonRenderer;
import dev.kpsim.core.trace.render.TraceTextRenderer;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kpsim trace}: one packet through one node, hop by hop, like {@code xtables-monitor --trace}. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Follow one packet through the node's rules, hop by hop.",
                "%nThe way the kernel would: every table, chain and rule it meets, every translation (DNAT, MASQUERADE, MARK), and where it ends, printed like xtables-monitor --trace. With --all-branches, every way it can go with its exact probability.%n"})
public final class TraceCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    PacketOptions packet;

    @Mixin
    DumpOptions dumps;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "iptables, ipvs, nftables or userspace (default: the configuration's mode).")
    String mode;

    @Option(names = "--all-branches", description = "Follow every probabilistic branch and print each outcome with its exact probability.")
    boolean allBranches;

    @Option(names = "--explain", description = "Say under each rule why kube-proxy writes it (from the rule's role; for real dumps inferred from kube-proxy's comments and chain names).")
    boolean explain;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HostPort dst = packet.destination().orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--dst IP:PORT is required"));
        Optional<HostPort> src = packet.source();
        SimulationTarget t = SimulationTarget.resolve(input, dumps, mode, src.map(HostPort::ip), spec.commandLine().getErr());
        HostPort from = src.orElseGet(() -> Sources.defaultSource(t, dst.ip().family(), spec.commandLine().getErr()));
        Packet p = Packet.of(packet.protocol(), from, dst);
        EntryPoint entry = packet.entryPoint().orElse(EntryPoints.defaultFor(p, t.environment()));
        SimulationState state = new SimulationState(seed);
        TraceResult r = allBranches
                ? new TraceResult(p, entry, t.nodeName(), t.simulator().outcomes(p, entry, state))
                : new TraceResult(p, entry, t.nodeName(), java.util.List.of(t.simulator().trace(p, entry, state)));
        var out = spec.commandLine().getOut();
        if (explain) {
            out.print(output == OutputFormat.json ? TraceJsonRenderer.render(r, TraceExplanations::json)
                    : TraceTextRenderer.render(r, allBranches, TraceExplanations::text));
        } else {
            out.print(output == OutputFormat.json ? TraceJsonRenderer.render(r) : TraceTextRenderer.render(r, allBranches));
        }
        out.flush();
        return 0;
    }
}
