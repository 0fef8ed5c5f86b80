package dev.kpsim.cli.command;

import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.Modes;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyMode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kpsim generate}: what kube-proxy would program on the node, in the native format of the mode's tools. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate what kube-proxy programs on the node, in the native format.",
                "%nByte for byte what the chosen kube-proxy version writes: iptables-restore payloads or iptables-save listings (iptables mode), ipvsadm and ipset tables (ipvs), nft rulesets (nftables), portal rules and proxier state (userspace, historical).%n"})
public final class GenerateCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Option(names = "--mode", paramLabel = "MODE", description = "iptables, ipvs, nftables or userspace (default: the configuration's mode).")
    String mode;

    @Option(names = "--format", paramLabel = "FORMAT", description = "The mode's output format (default: its first). iptables: restore, save, json.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (the native format) or json (chains and rules with provenance).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Session s = Session.load(input, mode, spec.commandLine().getErr());
        ProxyMode m;
        try {
            m = Modes.named(s.config().mode());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String f = output == OutputFormat.json ? "json" : format == null ? m.formats().get(0) : format;
        if (!m.formats().contains(f)) {
            throw new ParameterException(spec.commandLine(), "mode " + m.name() + " has no format '" + f + "'; formats: "
                    + String.join(", ", m.formats()));
        }
        String node = s.node(Optional.empty());
        DataPlane dp = m.generate(s.proxyInput(node));
        s.printNotes(dp.notes());
        var out = spec.commandLine().getOut();
        out.print(dp.render(f));
        out.flush();
        return 0;
    }
}
