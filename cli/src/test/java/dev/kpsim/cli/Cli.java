package dev.kpsim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Runs kpsim in-process and captures everything it prints, for tests that assert whole outputs. */
public final class Cli {
    /** The result of one run: exit code, standard output, standard error. */
    public record Run(int code, String out, String err) {
    }

    private Cli() {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The repository root (tests run in a module directory). */
    public static Path root() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scenarios/examples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Paths.get("").toAbsolutePath());
        }
        return p;
    }

    /** An example scenario's path, as a string argument. */
    public static String example(String name) {
        return root().resolve("scenarios/examples").resolve(name).toString();
    }
}
