package dev.kpsim.emulator.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command ({@code ip}, {@code iptables-restore}, {@code nft}, …) to completion with a hard
 * timeout, feeding it optional standard input and collecting both outputs. No shell is involved: arguments are
 * passed as they are. Commands meant for a namespace are built with {@link #inNamespace}.
 */
public final class Command {

    /** The default bound for one command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Command() {
    }

    /** {@code ip netns exec NS argv…}: the command runs inside network namespace {@code ns}. */
    public static List<String> inNamespace(String ns, List<String> argv) {
        List<String> r = new ArrayList<>(argv.size() + 4);
        r.add("ip");
        r.add("netns");
        r.add("exec");
        r.add(ns);
        r.addAll(argv);
        return r;
    }

    public static CommandResult run(List<String> argv) {
        return run(argv, null, DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code argv}, writing {@code stdin} (may be null) to it.
     *
     * @throws EmulatorException if it cannot be started or does not finish within {@code timeout} (it is killed)
     */
    public static CommandResult run(List<String> argv, String stdin, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new EmulatorException("cannot start `" + String.join(" ", argv) + "`: " + e.getMessage(), e);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        out.start();
        err.start();
        try (OutputStream os = p.getOutputStream()) {
            if (stdin != null) {
                os.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command exited before reading all of its input; its exit code and stderr will tell why
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new EmulatorException("`" + String.join(" ", argv) + "` did not finish within " + timeout.toSeconds() + " s");
            }
            out.join(5000);
            err.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while running `" + String.join(" ", argv) + "`", e);
        }
        return new CommandResult(argv, p.exitValue(), out.text(), err.text());
    }

    /** Reads a stream to the end on its own thread. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException e) {
                // the process went away; what was read so far is kept
            }
        }

        String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
