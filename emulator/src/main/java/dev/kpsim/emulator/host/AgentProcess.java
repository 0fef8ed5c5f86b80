package dev.kpsim.emulator.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One running in-namespace program (a responder, a client, a userspace proxy) started by {@link AgentLauncher}.
 * Its standard output is collected line by line; its standard input stays open while it should run — the
 * long-running programs exit when it closes, so they never outlive this JVM even if it is killed. {@link #close}
 * closes stdin, waits briefly, then kills the process by its id.
 */
public final class AgentProcess implements AutoCloseable {

    private final String name;
    private final List<String> argv;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private AgentProcess(String name, List<String> argv, Process process) {
        this.name = name;
        this.argv = List.copyOf(argv);
        this.process = process;
        this.outReader = reader(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
        this.errReader = reader(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
    }

    /**
     * Starts {@code argv}.
     *
     * @param name a label for messages, e.g. {@code responder default/hostnames-abc}
     * @throws EmulatorException if the process cannot be started
     */
    public static AgentProcess start(String name, List<String> argv) {
        try {
            return new AgentProcess(name, argv, new ProcessBuilder(argv).start());
        } catch (IOException e) {
            throw new EmulatorException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    private Thread reader(BufferedReader r, boolean out) {
        Thread t = new Thread(() -> {
            try (r) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        if (out) {
                            lines.add(line);
                        } else if (stderr.length() < 16_384) {
                            stderr.append(line).append('\n');
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process closed its output
            }
            synchronized (this) {
                notifyAll();
            }
        }, name + (out ? " stdout" : " stderr"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits until a stdout line satisfies {@code wanted} and returns it.
     *
     * @throws EmulatorException if the process exits first, prints a line matching {@code failure}, or the
     *                           timeout passes; the message quotes its error output
     */
    public String awaitLine(Predicate<String> wanted, Predicate<String> failure, Duration timeout) {
        int i = awaitLine(0, wanted, failure, timeout);
        synchronized (this) {
            return lines.get(i);
        }
    }

    /**
     * As {@link #awaitLine(Predicate, Predicate, Duration)}, looking only at lines from index {@code from} on, and
     * returning the index of the wanted line.
     */
    public int awaitLine(int from, Predicate<String> wanted, Predicate<String> failure, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = from;
        synchronized (this) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    String l = lines.get(seen);
                    if (wanted.test(l)) {
                        return seen;
                    }
                    if (failure.test(l)) {
                        throw new EmulatorException(name + " failed: " + l + stderrSuffix());
                    }
                }
                if (!process.isAlive() && !outReader.isAlive()) {
                    throw new EmulatorException(name + " exited with code " + process.exitValue() + " before it was ready" + stderrSuffix());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new EmulatorException(name + " was not ready within " + timeout.toSeconds() + " s" + stderrSuffix());
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmulatorException("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    /**
     * Waits for the process to exit by itself and returns everything it printed on stdout.
     *
     * @throws EmulatorException if it does not exit within {@code timeout} (it is then killed) or exits non-zero
     */
    public List<String> awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new EmulatorException(name + " did not finish within " + timeout.toSeconds() + " s");
            }
            outReader.join(5000);
            errReader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new EmulatorException("interrupted while waiting for " + name, e);
        }
        if (process.exitValue() != 0) {
            throw new EmulatorException(name + " exited with code " + process.exitValue() + ": `" + String.join(" ", argv) + "`" + stderrSuffix());
        }
        return lines();
    }

    /**
     * Writes one line to the program's standard input (a job for a serving client).
     *
     * @throws EmulatorException if the program has gone
     */
    public synchronized void send(String line) {
        try {
            OutputStream os = process.getOutputStream();
            os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            os.flush();
        } catch (IOException e) {
            throw new EmulatorException("cannot write to " + name + ": " + e.getMessage() + stderrSuffix(), e);
        }
    }

    /** How many stdout lines there are so far. */
    public synchronized int lineCount() {
        return lines.size();
    }

    /** The stdout lines so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private synchronized String stderrSuffix() {
        return stderr.length() == 0 ? "" : "; its error output: " + stderr.toString().strip();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Closes stdin (a polite stop), waits up to 2 s, then kills the process by id and waits for it. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
