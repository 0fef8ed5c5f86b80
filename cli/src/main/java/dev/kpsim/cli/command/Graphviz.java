package dev.kpsim.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Graphviz's {@code dot}, when installed: renders DOT text as SVG. Without it, the DOT text itself is returned and a
 * hint printed on standard error, so {@code graph --format svg} still produces something useful.
 */
final class Graphviz {
    private Graphviz() {
    }

    /** How long {@code dot} may take before kpsim gives up on it. */
    static final long TIMEOUT_SECONDS = 120;

    /** The {@code dot} executable on the PATH, if any. */
    static Optional<Path> dot() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "dot");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** SVG of {@code dotText}, or {@code dotText} itself (with a hint on {@code err}) when dot is missing or fails. */
    static String svg(String dotText, PrintWriter err) {
        return svg(dotText, err, dot());
    }

    /** As {@link #svg(String, PrintWriter)} with the {@code dot} executable given (empty: not installed). */
    static String svg(String dotText, PrintWriter err, Optional<Path> dot) {
        if (dot.isEmpty()) {
            err.println("kpsim: note: Graphviz 'dot' is not installed: printing DOT instead of SVG (install the graphviz "
                    + "package, or render it with: dot -Tsvg -o graph.svg)");
            return dotText;
        }
        try {
            Process p = new ProcessBuilder(dot.get().toString(), "-Tsvg").redirectError(ProcessBuilder.Redirect.PIPE).start();
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(p.getInputStream(), svg));
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), errors));
            reader.start();
            errReader.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(dotText.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closed) {
                // dot exited before reading everything; its exit status says why
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                err.println("kpsim: note: 'dot' did not finish within " + TIMEOUT_SECONDS + " s: printing DOT instead of SVG");
                return dotText;
            }
            reader.join();
            errReader.join();
            if (p.exitValue() != 0) {
                err.println("kpsim: note: 'dot' failed (" + errors.toString(StandardCharsets.UTF_8).strip()
                        + "): printing DOT instead of SVG");
                return dotText;
            }
            return svg.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("kpsim: note: cannot run 'dot' (" + e.getMessage() + "): printing DOT instead of SVG");
            return dotText;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return dotText;
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process died; its exit status reports the failure
        }
    }
}
