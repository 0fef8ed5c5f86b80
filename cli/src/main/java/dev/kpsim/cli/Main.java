package dev.kpsim.cli;

import dev.kpsim.cli.command.CheckCommand;
import dev.kpsim.cli.command.DiffCommand;
import dev.kpsim.cli.command.DoctorCommand;
import dev.kpsim.cli.command.EmulateCommand;
import dev.kpsim.cli.command.GenerateCommand;
import dev.kpsim.cli.command.GraphCommand;
import dev.kpsim.cli.command.HairpinCommand;
import dev.kpsim.cli.command.ReachCommand;
import dev.kpsim.cli.command.ScaleCommand;
import dev.kpsim.cli.command.ShowCommand;
import dev.kpsim.cli.command.SimulateCommand;
import dev.kpsim.cli.command.TraceCommand;
import dev.kpsim.cli.support.ExpectationFailedException;
import dev.kpsim.cli.support.VersionProvider;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code kpsim} command. Never throws: every failure becomes a message on standard error and an exit code
 * ({@link ExitCode}). Standard output carries only the requested result.
 */
@Command(name = "kpsim",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Simulates and emulates the Kubernetes kube-proxy data plane: generates the rules kube-proxy would program on a node (iptables, IPVS, nftables, userspace), runs packets through them, and explains real node dumps.",
                ""},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 bad input or usage, 3 failed expectation.",
                "Run 'kpsim COMMAND --help' for a command's options."},
        subcommands = {ShowCommand.class, GenerateCommand.class, TraceCommand.class, SimulateCommand.class, ReachCommand.class, HairpinCommand.class, GraphCommand.class, DoctorCommand.class, DiffCommand.class, CheckCommand.class, EmulateCommand.class, ScaleCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs kpsim with the given streams and returns the exit code (used by {@link #main} and by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    /** The configured picocli command line, with kpsim's exception-to-exit-code mapping. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpLongOptionsMaxWidth(28);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("kpsim: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> handle(ex, c.getErr()));
        cl.setExitCodeExceptionMapper(ex -> ex instanceof BadInputException ? ExitCode.BAD_INPUT : ExitCode.INTERNAL_ERROR);
        return cl;
    }

    static int handle(Exception ex, PrintWriter err) {
        if (ex instanceof BadInputException bad) {
            for (Diagnostic d : bad.diagnostics()) {
                err.println(d.format());
            }
            return ExitCode.BAD_INPUT;
        }
        if (ex instanceof ExpectationFailedException) {
            if (ex.getMessage() != null && !ex.getMessage().isEmpty()) {
                err.println("kpsim: " + ex.getMessage());
            }
            return ExitCode.EXPECTATION_FAILED;
        }
        if (ex instanceof java.io.UncheckedIOException io) {
            err.println("kpsim: " + io.getCause().getMessage());
            return ExitCode.BAD_INPUT;
        }
        err.println("kpsim: internal error: " + ex);
        if (System.getenv("KPSIM_DEBUG") != null) {
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            err.print(sw);
        } else {
            err.println("kpsim: this is a bug in kpsim; set KPSIM_DEBUG=1 for details and report it");
        }
        return ExitCode.INTERNAL_ERROR;
    }
}
